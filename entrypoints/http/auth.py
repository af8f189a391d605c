"""Who is calling: the bearer token in the Authorization header, checked by a use case."""

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from application.use_cases.auth.authenticate import Authenticated
from domain.errors import AuthenticationFailed
from domain.users import Actor
from entrypoints.composition.container import Container
from entrypoints.composition.injection import from_container
from entrypoints.web.request_actor import remember_actor

TOKEN_URL = "/api/v1/auth/token"  # noqa: S105 - a path, not a secret
bearer = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)
# For routes anyone may call: a token is optional, but a bad one is still refused.
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}, {"OAuth2PasswordBearer": []}]}


async def current_authentication(
    request: Request, token: Annotated[str | None, Depends(bearer)]
) -> Authenticated:
    if not token:
        raise AuthenticationFailed("Authentication required: send Authorization: Bearer <token>.")
    authenticate = from_container(request, Container.authenticate)
    authenticated = await authenticate.until_expiry(token)
    remember_actor(request, authenticated.actor)
    return authenticated


async def current_actor(
    authenticated: Annotated[Authenticated, Depends(current_authentication)],
) -> Actor:
    return authenticated.actor


async def optional_viewer(request: Request) -> Actor | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthenticationFailed("Send Authorization: Bearer <token>.")
    authenticate = from_container(request, Container.authenticate)
    return remember_actor(request, await authenticate(token.strip()))


CurrentAuthentication = Annotated[Authenticated, Depends(current_authentication)]
CurrentActor = Annotated[Actor, Depends(current_actor)]
Viewer = Annotated[Actor | None, Depends(optional_viewer)]
