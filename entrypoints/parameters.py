"""A check every API runs on its path and query parameters: no control characters (IN-10).

No resource is named with one and no filter can match one, and PostgreSQL cannot even
compare a string holding NUL: refused here, a parameter never reaches a query."""

from fastapi import Request

from domain.errors import InvalidInput
from domain.text import has_control_characters


async def refuse_control_characters(request: Request) -> None:
    for name, value in [*request.path_params.items(), *request.query_params.multi_items()]:
        if isinstance(value, str) and has_control_characters(value):
            raise InvalidInput(f"{name} must not contain control characters.", field=name)
