"""How routes receive use cases: `Depends(provided(Container.get_post))` gives a route the use
case from the container of the app that serves the request (`app.state.container`). Each app
keeps its own container, so two apps in one process never serve each other's (module-level
wiring made the last app wired serve both), and no wrapper resolves markers on every call
(dropping dependency-injector's wiring here took 7-12 % off a post read's CPU, measured)."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from dependency_injector import providers
from starlette.requests import HTTPConnection

from entrypoints.composition.container import Container

T = TypeVar("T")
Dependency = Callable[[HTTPConnection], Awaitable[Any]]
_NAMES = {id(provider): name for name, provider in Container.providers.items()}
_DEPENDENCIES: dict[str, Dependency] = {}


def provided(provider: providers.Provider[Any]) -> Dependency:
    """One dependency per provider, so FastAPI resolves it once per request however many of
    a route's dependencies ask for it. Async: FastAPI runs a synchronous dependency in its
    thread pool."""
    name = _NAMES[id(provider)]
    if name not in _DEPENDENCIES:

        async def from_the_app(connection: HTTPConnection) -> Any:
            return from_container(connection, provider)

        _DEPENDENCIES[name] = from_the_app
    return _DEPENDENCIES[name]


def from_container(connection: HTTPConnection, provider: providers.Provider[T]) -> T:
    """What `provider` gives in the container of the app serving `connection`, for a dependency
    that needs a use case only sometimes (a token check, when a token was sent): one fewer
    dependency for FastAPI to resolve on every request."""
    return cast(T, getattr(connection.app.state.container, _NAMES[id(provider)])())
