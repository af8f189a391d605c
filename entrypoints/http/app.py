"""The REST API v1 as one inbound adapter: its routes under /api/v1, its problem documents.
`entrypoints.host` puts it in the process beside the Conduit API and live updates."""

from fastapi import Depends, FastAPI

from entrypoints.http import problems
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.query import single_valued_query
from entrypoints.http.routers import auth, comments, health, posts, tags, users
from entrypoints.parameters import refuse_control_characters

__all__ = ["API_PREFIX", "WIRED_MODULES", "include_v1"]

ROUTERS = (auth, users, posts, comments, tags, health)
WIRED_MODULES = ("entrypoints.http.auth", *(module.__name__ for module in ROUTERS))


def include_v1(app: FastAPI) -> None:
    """The v1 routes and error handling on the host app (v1 owns its OpenAPI document). Each
    router carries the whole of its prefix (see PrefixedRouter)."""
    problems.install(app)
    checks = [Depends(single_valued_query), Depends(refuse_control_characters)]
    for module in ROUTERS:
        app.include_router(module.router, dependencies=checks)
