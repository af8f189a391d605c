"""An answer the shared middleware writes itself (a request past its deadline, a refused
Idempotency-Key, an unexpected error) in the error shape of the surface the request is for:
a problem document for the REST API, Conduit's `{"errors": ...}` for the Conduit API. The host
says which path prefix is whose; the kit knows no surface."""

from collections.abc import Awaitable
from typing import Protocol

from starlette.types import Scope, Send

Headers = tuple[tuple[bytes, bytes], ...]


class ProblemWriter(Protocol):
    def __call__(
        self,
        send: Send,
        status: int,
        detail: str,
        *,
        subject: str,
        request_id: str | None,
        headers: Headers,
    ) -> Awaitable[None]:
        """`subject`: what the problem is about ("request", "server", a header's name), for a
        shape that names it."""


class SurfaceProblems:
    def __init__(self, default: ProblemWriter) -> None:
        self._default = default
        self._by_prefix: list[tuple[str, ProblemWriter]] = []

    def add(self, prefix: str, writer: ProblemWriter) -> None:
        """Paths under `prefix` are answered by `writer`; prefixes added first are tried first."""
        self._by_prefix.append((prefix, writer))

    def writer_for(self, path: str) -> ProblemWriter:
        for prefix, writer in self._by_prefix:
            if path == prefix or path.startswith(prefix + "/"):
                return writer
        return self._default

    async def send(
        self,
        scope: Scope,
        send: Send,
        status: int,
        detail: str,
        *,
        subject: str = "request",
        headers: Headers = (),
    ) -> None:
        write = self.writer_for(scope["path"])
        request_id = scope.get("state", {}).get("request_id")
        await write(send, status, detail, subject=subject, request_id=request_id, headers=headers)
