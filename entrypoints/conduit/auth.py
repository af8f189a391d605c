"""Conduit's authentication: `Authorization: Token <jwt>`, checked by the core's use case."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader

from application.views import AccountView
from domain.errors import AuthenticationFailed
from domain.users import Actor
from entrypoints.composition.container import Container
from entrypoints.composition.injection import from_container
from entrypoints.conduit.errors import ConduitError
from entrypoints.web.request_actor import remember_actor

# Conduit clients send "Token"; "Bearer" is accepted too, as several clients use it.
SCHEMES = {"token", "bearer"}

# Declared in the OpenAPI document, so the docs page's Authorize button takes a token; the
# header's value is parsed below, with Conduit's own errors.
token_header = APIKeyHeader(
    name="Authorization",
    scheme_name="Token",
    description="`Token <token>`, with the token that registration or log-in returned.",
    auto_error=False,
)


@dataclass(frozen=True)
class Caller:
    actor: Actor
    account: AccountView  # as read to authenticate
    token: str  # echoed back in user responses, as Conduit clients expect


def _presented_token(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in SCHEMES or not token.strip():
        raise ConduitError(401, "token", "is invalid")
    return token.strip()


async def _caller(request: Request, header: str | None) -> Caller | None:
    token = _presented_token(header)
    if token is None:
        return None
    authenticate = from_container(request, Container.conduit_authenticate)
    try:
        authenticated = await authenticate.until_expiry(token)
        remember_actor(request, authenticated.actor)
        return Caller(authenticated.actor, authenticated.account, token)
    except AuthenticationFailed as e:
        raise ConduitError(401, "token", "is invalid") from e


async def required_caller(
    request: Request, header: Annotated[str | None, Security(token_header)]
) -> Caller:
    caller = await _caller(request, header)
    if caller is None:
        raise ConduitError(401, "token", "is missing")
    return caller


async def optional_caller(
    request: Request, header: Annotated[str | None, Security(token_header)]
) -> Caller | None:
    return await _caller(request, header)


RequiredCaller = Annotated[Caller, Depends(required_caller)]
OptionalCaller = Annotated[Caller | None, Depends(optional_caller)]


def viewer(caller: Caller | None) -> Actor | None:
    return caller.actor if caller else None
