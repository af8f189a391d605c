"""The route a request matched, as its template (`/api/v1/posts/{slug}`): one name per route,
whatever path clients send, for metrics and trace spans."""

from starlette.types import Scope


def route_template(scope: Scope) -> str | None:
    route = getattr(scope.get("route"), "path", None)
    if route is None:
        return None
    # A mounted app's routes are relative to its mount (the Conduit API's to /api).
    return f"{scope.get('root_path', '')}{route}"
