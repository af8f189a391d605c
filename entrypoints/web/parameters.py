"""Checks every route of an API runs on its path and query parameters before anything else,
as part of the route itself: a route class, not a dependency (FastAPI's resolution of the
two checks as dependencies was a fourteenth of a post read's CPU, measured).

No control characters (IN-10): no resource is named with one and no filter can match one, and
PostgreSQL cannot even compare a string holding NUL: refused here, a parameter never reaches
a query."""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from domain.errors import InvalidInput
from domain.text import has_control_characters
from entrypoints.web.flat_routes import LiteralPrefixRoute

Check = Callable[[Request], None]


def refuse_control_characters(request: Request) -> None:
    values = list(request.path_params.items())
    if request.scope["query_string"]:
        values += request.query_params.multi_items()
    for name, value in values:
        if isinstance(value, str) and has_control_characters(value):
            raise InvalidInput(f"{name} must not contain control characters.", field=name)


def checked_route(*checks: Check) -> type[APIRoute]:
    """A route class whose routes run `checks` on the request first; a check refuses by
    raising a domain error, answered as the API answers any."""

    class CheckedRoute(LiteralPrefixRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def checked(request: Request) -> Response:
                for check in checks:
                    check(request)
                return await handler(request)

            return checked

    return CheckedRoute
