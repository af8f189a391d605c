"""Pure ASGI middleware (BaseHTTPMiddleware would break the request-id context variable)."""

import logging
import re
import time
import uuid
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.web.access_log import AccessLog
from entrypoints.web.logging import request_id
from entrypoints.web.request_origin import enter_origin, leave_origin

HEADER = "X-Request-ID"
_ACCEPTABLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestContextMiddleware:
    """Gives every request an id (keeping a sane one the client sent), echoes it in the
    response, writes one access-log line per request (see AccessLog) and counts it in the
    metrics (`observe`: the scope, the status and the seconds it took). Query strings are left
    out of the log: only the path is written."""

    def __init__(self, app: ASGIApp, observe: Callable[[Scope, int, float], None]) -> None:
        self.app, self.observe = app, observe
        self.access_log = AccessLog(logging.getLogger("folio.access"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(b"x-request-id", b"").decode("latin-1")
        rid = incoming if _ACCEPTABLE_ID.fullmatch(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        token = request_id.set(rid)
        origin = enter_origin(scope)
        status = 500
        started = time.perf_counter()
        self.access_log.started()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[HEADER] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            self.observe(scope, status, seconds)
            self.access_log.finished(
                {
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client": (scope.get("client") or ("-",))[0],
                    "request_id": rid,
                }
            )
            request_id.reset(token)
            leave_origin(origin)
