"""Every request is answered within a bound (REQUEST_TIMEOUT_SECONDS): one still running then
is cancelled (its unit of work rolls back) and answered 503 with Retry-After, so a database
that hangs instead of failing holds no client for long."""

import asyncio
import logging

from starlette.types import ASGIApp, Receive, Scope, Send

from entrypoints.http.asgi_problem import TrackedSend, send_problem

log = logging.getLogger("folio.http")


class RequestDeadlineMiddleware:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracked = TrackedSend(send)
        try:
            async with asyncio.timeout(self.seconds):
                await self.app(scope, receive, tracked)
        except TimeoutError:
            log.error("request_timeout", extra={"path": scope["path"], "seconds": self.seconds})
            if not tracked.response_started:
                await send_problem(
                    send,
                    503,
                    "The service did not answer in time; try again shortly.",
                    request_id=scope.get("state", {}).get("request_id"),
                    headers=((b"retry-after", b"5"),),
                )
