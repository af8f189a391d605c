"""A problem document sent straight over ASGI, for middleware that answers before (or
instead of) the app and its exception handlers."""

import json
from http import HTTPStatus

from starlette.types import Message, Send


class TrackedSend:
    """`send`, remembering whether the response has begun: once it has, a middleware can no
    longer answer with a problem of its own."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.response_started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.response_started = True
        await self._send(message)


async def send_problem(
    send: Send,
    status: int,
    detail: str,
    *,
    request_id: str | None,
    subject: str = "request",
    headers: tuple[tuple[bytes, bytes], ...] = (),
) -> None:
    """An RFC 9457 problem document (the REST API's shape, and the default): it says what the
    problem is about in `detail`, so `subject` is not written."""
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        **({"request_id": request_id} if request_id else {}),
    }
    await send_json(send, status, body, content_type=b"application/problem+json", headers=headers)


async def send_json(
    send: Send,
    status: int,
    body: object,
    *,
    content_type: bytes = b"application/json",
    headers: tuple[tuple[bytes, bytes], ...] = (),
) -> None:
    """A JSON answer sent straight over ASGI, in whatever shape the surface speaks."""
    encoded = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(encoded)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": encoded})
