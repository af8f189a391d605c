"""Routes matched in one flat list, each ruling itself out by the literal start of its path.

Since FastAPI 0.137 an included router is a node of the route tree: it is matched route by
route to be chosen, then matched again to serve the request. Measured in process, appending
the routers' routes to the app's own list instead took 10-13 % off a Conduit article read and
4 % off a v1 post read (docs/benchmarks.md, "Routes in one list"); the OpenAPI documents,
built from the same routes, are unchanged."""

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope


def include_flat(app: FastAPI, router: APIRouter) -> None:
    """`app.include_router(router)` without the node: the router must need nothing from the
    inclusion (no prefix, tags or dependencies given at that point; its own are already on its
    routes). FastAPI's `app.dependency_overrides` do not reach these routes: tests here replace
    adapters through the container instead."""
    app.router.routes.extend(router.routes)


class LiteralPrefixRoute(APIRoute):
    """Skips its regular expression for a path outside the literal part of its own (the part
    before its first parameter): a third of the cost of a miss, across a list of some thirty
    routes (measured, 15.7 -> 10.7 us to find the post read's route)."""

    def __init__(self, path: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(path, *args, **kwargs)
        self.literal_prefix = path.partition("{")[0]

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if not get_route_path(scope).startswith(self.literal_prefix):
            return Match.NONE, {}
        return super().matches(scope)
