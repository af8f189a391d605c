"""The last stop for an exception no handler took: one bounded log line (types and frames,
no message: see application.error_reports) and a 500 problem. The exception goes no further,
so the server never dumps its own traceback and keeps the connection alive."""

import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from application.error_reports import described
from entrypoints.web.asgi_problem import TrackedSend
from entrypoints.web.surface_problems import SurfaceProblems

log = logging.getLogger("folio.http")
DETAIL = "An unexpected error occurred; it has been logged."


class LastResortMiddleware:
    def __init__(self, app: ASGIApp, problems: SurfaceProblems) -> None:
        self.app, self.problems = app, problems

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracked = TrackedSend(send)
        try:
            await self.app(scope, receive, tracked)
        except Exception as error:
            rid = scope.get("state", {}).get("request_id")
            log.error(
                "unhandled_error",
                extra={"path": scope["path"], "request_id": rid, **described(error)},
            )
            if not tracked.response_started:
                await self.problems.send(scope, send, 500, DETAIL, subject="server")
