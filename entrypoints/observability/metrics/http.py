"""Per-request metrics, labelled by route template (never the raw path: one series per route,
whatever clients send)."""

from starlette.types import Scope

from entrypoints.observability.metrics.instruments import REQUEST_SECONDS, REQUESTS
from entrypoints.web.route_template import route_template

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(scope: Scope, status: int, seconds: float) -> None:
    template = route_template(scope) or "unmatched"
    method = scope["method"] if scope["method"] in _METHODS else "other"
    REQUESTS.labels(method, template, f"{status // 100}xx").inc()
    REQUEST_SECONDS.labels(method, template).observe(seconds)
