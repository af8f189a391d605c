"""Conduit's authentication: `Authorization: Token <jwt>`, checked by the core's use case."""

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from application.views import AccountView
from domain.errors import AuthenticationFailed
from domain.users import Actor
from entrypoints.composition.container import Container
from entrypoints.composition.injection import from_container
from entrypoints.conduit.errors import ConduitError
from entrypoints.web.request_actor import remember_actor

# Conduit clients send "Token"; "Bearer" is accepted too, as several clients use it.
SCHEMES = {"token", "bearer"}


@dataclass(frozen=True)
class Caller:
    actor: Actor
    account: AccountView  # as read to authenticate
    token: str  # echoed back in user responses, as Conduit clients expect


def _presented_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in SCHEMES or not token.strip():
        raise ConduitError(401, "token", "is invalid")
    return token.strip()


async def _caller(request: Request) -> Caller | None:
    token = _presented_token(request)
    if token is None:
        return None
    authenticate = from_container(request, Container.conduit_authenticate)
    try:
        authenticated = await authenticate.until_expiry(token)
        remember_actor(request, authenticated.actor)
        return Caller(authenticated.actor, authenticated.account, token)
    except AuthenticationFailed as e:
        raise ConduitError(401, "token", "is invalid") from e


async def required_caller(request: Request) -> Caller:
    caller = await _caller(request)
    if caller is None:
        raise ConduitError(401, "token", "is missing")
    return caller


async def optional_caller(request: Request) -> Caller | None:
    return await _caller(request)


RequiredCaller = Annotated[Caller, Depends(required_caller)]
OptionalCaller = Annotated[Caller | None, Depends(optional_caller)]


def viewer(caller: Caller | None) -> Actor | None:
    return caller.actor if caller else None
