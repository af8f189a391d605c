"""The REST API v1 as one inbound adapter: its routes under /api/v1, its problem documents.
`entrypoints.host.app` puts it in the process beside the Conduit API and live updates."""

from fastapi import FastAPI

from entrypoints.http import problems
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.routers import (
    auth,
    comments,
    dev_mail,
    health,
    posts,
    security_events,
    sessions,
    tags,
    two_factor,
    users,
)
from entrypoints.web.flat_routes import include_flat

__all__ = ["API_PREFIX", "include_v1"]

# In the order they are matched: the routes read most often go first.
ROUTERS = (auth, users, posts, comments, tags, health, sessions, security_events, two_factor)


def include_v1(app: FastAPI, *, development_inbox: bool) -> None:
    """The v1 routes and error handling on the host app (v1 owns its OpenAPI document). Each
    router carries the whole of its prefix; its routes are matched in the app's own list (see
    entrypoints.web.flat_routes) and check their parameters (V1Route)."""
    problems.install(app)
    for module in ROUTERS:
        include_flat(app, module.router)
    if development_inbox:
        include_flat(app, dev_mail.router)
