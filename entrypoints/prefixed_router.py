"""Routers that rule themselves out by their prefix before any of their routes is tried."""

from fastapi import APIRouter
from starlette._utils import get_route_path
from starlette.routing import Match
from starlette.types import Scope


class PrefixedRouter(APIRouter):
    """An `APIRouter` that is skipped at once for a path outside its prefix.

    Since FastAPI 0.137 an included router is kept as a node that tries each of its routes in
    turn, and the routers before the right one are scanned route by route first (the check
    below is fastapi/fastapi#16159, not yet released). Measured in process: a third of a
    trivial v1 request's CPU went to trying other routers' routes. Only the part of the
    prefix before its first path parameter is literal; the router must be included without a
    further prefix, so that its own prefix is the whole of it."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        literal = self.prefix.partition("{")[0]
        if not get_route_path(scope).startswith(literal):
            return Match.NONE, {}
        return super().matches(scope)
