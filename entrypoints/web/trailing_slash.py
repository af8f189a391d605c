"""One trailing slash is ignored on every route of both APIs, so `POST /api/articles/` (as the
reference Angular RealWorld client publishes) is `POST /api/articles`.

Served in place, not redirected: a redirect would build its Location from the request's Host,
and clients resend a redirected POST without its body or not at all. v1 follows the same rule:
one rule for the whole server, whichever API a client moves between, and the resource is the
same with or without the slash. The OpenAPI documents keep listing the path without it. The
path is changed in a copy of the request's scope: the access log keeps what the client sent."""

from starlette.types import ASGIApp, Receive, Scope, Send


class IgnoreOneTrailingSlash:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and path.endswith("/") and len(path) > 1:
            trimmed = path[:-1]
            # Only one: `/api/articles//` stays a path no route has.
            if trimmed != "/" and not trimmed.endswith("/"):
                scope = {**scope, "path": trimmed}
        await self.app(scope, receive, send)
