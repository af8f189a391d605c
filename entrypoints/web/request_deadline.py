"""Every request is answered within a bound (REQUEST_TIMEOUT_SECONDS): one still running then
is cancelled (its unit of work rolls back) and answered 503 with Retry-After, so a database
that hangs instead of failing holds no client for long. A client that is itself too slow to
send its body within the bound gets 408 and the connection is closed (slowloris)."""

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.web.asgi_problem import TrackedSend
from entrypoints.web.deadlines import Deadlines
from entrypoints.web.surface_problems import SurfaceProblems

log = logging.getLogger("folio.http")


class _BodyWatch:
    """`receive`, remembering whether the app is waiting on the client for more of the body
    (not on a disconnect notice, which it may await for as long as it likes)."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._body_complete = False
        self.waiting_for_body = False

    async def __call__(self) -> Message:
        self.waiting_for_body = not self._body_complete
        message = await self._receive()  # cancelled by the deadline: still waiting, as it was
        self.waiting_for_body = False
        if message["type"] != "http.request" or not message.get("more_body", False):
            self._body_complete = True
        return message


class RequestDeadlineMiddleware:
    def __init__(self, app: ASGIApp, seconds: float, problems: SurfaceProblems) -> None:
        self.app, self.seconds, self.problems = app, seconds, problems
        self.deadlines = Deadlines(seconds)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracked, body = TrackedSend(send), _BodyWatch(receive)
        try:
            with self.deadlines.bound():
                await self.app(scope, body, tracked)
        except TimeoutError:
            slow_client = body.waiting_for_body
            extra = {"path": scope["path"], "seconds": self.seconds}
            if slow_client:
                log.warning("request_body_timeout", extra=extra)
            else:
                log.error("request_timeout", extra=extra)
            if tracked.response_started:
                return
            if slow_client:
                await self.problems.send(
                    scope,
                    send,
                    408,
                    f"The request body did not arrive within {self.seconds:g} seconds.",
                    headers=((b"connection", b"close"),),
                )
            else:
                await self.problems.send(
                    scope,
                    send,
                    503,
                    "The service did not answer in time; try again shortly.",
                    subject="server",
                    headers=((b"retry-after", b"5"),),
                )
