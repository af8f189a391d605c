"""`Idempotency-Key` on POST, PUT, PATCH and DELETE of both APIs (the IETF httpapi draft): a
retry with the same key and body gets the first response again, with `Idempotent-Replayed:
true`, and never makes the change twice (application/idempotency.py says how). The key is
scoped to the account whose access token the request carries (either API's), else to the
client address, and to the method and path; the body's SHA-256 is its fingerprint.

The same key with another body is 422; while the first request runs, 409. Errors are in the
answering API's shape: a problem document under /api/v1, Conduit's `errors` object elsewhere."""

import hashlib
import json
import logging
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.errors import StorageUnavailable
from application.idempotency import IdempotentRequests, Outcome
from application.ports.access_tokens import AccessTokens
from application.ports.idempotency_keys import StoredResponse
from domain.errors import AuthenticationFailed
from entrypoints.web.surface_problems import SurfaceProblems

log = logging.getLogger("folio.http")
HEADER = b"idempotency-key"
KEY_MAX = 255
_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_REPLAYED = (b"idempotent-replayed", b"true")
_MALFORMED = f"Idempotency-Key must be 1-{KEY_MAX} visible ASCII characters."
# Replayed as they were: what describes the body and the resource. Not Set-Cookie, Date or the
# request id, which belong to each answer.
_KEPT_HEADERS = {b"content-type", b"location", b"etag", b"cache-control", b"pragma"}
_ANSWERS = {
    Outcome.IN_FLIGHT: (409, "A request with this Idempotency-Key is still being processed."),
    Outcome.MISMATCH: (422, "This Idempotency-Key was used with another request body."),
    Outcome.LOST: (
        409,
        "A request with this Idempotency-Key made its change, but its response was lost; "
        "fetch the resource instead of retrying.",
    ),
}


class IdempotencyKeys:
    def __init__(
        self,
        app: ASGIApp,
        *,
        requests: Callable[[], IdempotentRequests],
        token_services: Callable[[], tuple[AccessTokens, ...]],
        problems: SurfaceProblems,
    ) -> None:
        self.app, self._problems = app, problems
        self._requests, self._token_services = requests, token_services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _METHODS:
            await self.app(scope, receive, send)
            return
        raw_key = dict(scope["headers"]).get(HEADER)
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        key = _key(raw_key)
        if key is None:
            await self._refuse(scope, send, 400, _MALFORMED)
            return
        try:
            body, receive = await _read_body(receive)
        except HTTPException as refused:  # over the body limit, read here before the app
            await self._refuse(scope, send, refused.status_code, str(refused.detail))
            return
        requests = self._requests()
        key_hash = scoped_key_hash(self._caller(scope), scope["method"], scope["path"], key)
        begun = await requests.begin(key_hash, hashlib.sha256(body).hexdigest())
        if begun.outcome is Outcome.REPLAY and begun.response is not None:
            await _replay(send, begun.response)
            return
        if begun.outcome is not Outcome.RUN:
            status, detail = _ANSWERS[begun.outcome]
            await self._refuse(scope, send, status, detail)
            return
        recorded = _RecordedResponse(send)
        try:
            with requests.running(key_hash):
                await self.app(scope, receive, recorded)
        finally:
            try:
                await requests.finish(key_hash, recorded.stored())
            except StorageUnavailable:
                # The key stays held: a repeat is told it is in flight until the hold ends.
                log.warning("idempotency_key_not_stored")

    async def _refuse(self, scope: Scope, send: Send, status: int, detail: str) -> None:
        await self._problems.send(scope, send, status, detail, subject="Idempotency-Key")

    def _caller(self, scope: Scope) -> str:
        """The account of a valid access token of either API, else the client address."""
        scheme, _, token = dict(scope["headers"]).get(b"authorization", b"").partition(b" ")
        if scheme.lower() in (b"bearer", b"token") and token.strip():
            for tokens in self._token_services():
                try:
                    return f"account:{tokens.verify(token.strip().decode('latin-1')).user_id}"
                except AuthenticationFailed:
                    continue
        client = scope.get("client")
        return f"address:{client[0] if client else 'unknown'}"


def _key(raw: bytes) -> str | None:
    """The key, as a structured-field string (`"..."`, as the draft writes it) or bare."""
    text = raw.decode("latin-1").strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1]
    if not 1 <= len(text) <= KEY_MAX or not all(" " < c < "\x7f" for c in text):
        return None
    return text


def scoped_key_hash(caller: str, method: str, path: str, key: str) -> str:
    scoped = json.dumps([caller, method, path, key])  # JSON: no part runs into the next
    return hashlib.sha256(scoped.encode()).hexdigest()


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole body (the body limit outside bounds it), and a receive that hands it on."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    delivered = False

    async def replayed_receive() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replayed_receive


class _RecordedResponse:
    """`send`, keeping a copy of the response to store."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self._status: int | None = None
        self._headers: list[tuple[str, str]] = []
        self._body: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self._status = message["status"]
            self._headers = [
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, value in message.get("headers", [])
                if name.lower() in _KEPT_HEADERS
            ]
        elif message["type"] == "http.response.body":
            self._body.append(message.get("body", b""))
        await self._send(message)

    def stored(self) -> StoredResponse | None:
        """None when no response began (the request was cut off first)."""
        if self._status is None:
            return None
        return StoredResponse(self._status, tuple(self._headers), b"".join(self._body))


async def _replay(send: Send, response: StoredResponse) -> None:
    headers = [
        (name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers
    ]
    headers += [(b"content-length", str(len(response.body)).encode()), _REPLAYED]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})
