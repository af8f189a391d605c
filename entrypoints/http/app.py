"""The REST API v1 as one inbound adapter: its routes under /api/v1, its problem documents.
`entrypoints.host` puts it in the process beside the Conduit API and live updates."""

from fastapi import APIRouter, Depends, FastAPI

from entrypoints.http import problems
from entrypoints.http.query import single_valued_query
from entrypoints.http.routers import auth, comments, health, posts, tags, users
from entrypoints.parameters import refuse_control_characters

API_PREFIX = "/api/v1"
ROUTERS = (auth, users, posts, comments, tags, health)
WIRED_MODULES = ("entrypoints.http.auth", *(module.__name__ for module in ROUTERS))


def include_v1(app: FastAPI) -> None:
    """The v1 routes and error handling on the host app (v1 owns its OpenAPI document)."""
    problems.install(app)
    api = APIRouter(
        prefix=API_PREFIX,
        dependencies=[Depends(single_valued_query), Depends(refuse_control_characters)],
    )
    for module in ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
