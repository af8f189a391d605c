"""Query parameters are single-valued in this API: `?tag=a&tag=b` is refused, not resolved
silently to one of them (HTTP parameter pollution)."""

from collections import Counter

from fastapi import Request

from domain.errors import InvalidInput
from entrypoints.web.parameters import checked_route, refuse_control_characters


def single_valued_query(request: Request) -> None:
    if b"&" not in request.scope["query_string"]:
        return  # one parameter at most
    counts = Counter(key for key, _ in request.query_params.multi_items())
    repeated = sorted(key for key, count in counts.items() if count > 1)
    if repeated:
        raise InvalidInput(f"{repeated[0]} may be given only once.", field=repeated[0])


V1Route = checked_route(single_valued_query, refuse_control_characters)
