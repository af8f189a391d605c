"""uvicorn's HTTP protocol (httptools) with a bound on how long a client may take to send a
request's headers: uvicorn has none, so a client that sends a header line now and then (slowloris)
holds its connection forever. Connections still without complete headers after
HEADER_TIMEOUT_SECONDS are closed. `folio serve` names this class as uvicorn's `http` protocol."""

import asyncio
from functools import cache

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from entrypoints.composition.settings import Settings


@cache
def _header_timeout_seconds() -> float:
    # Read once per process: uvicorn builds the protocol itself, in each worker process.
    return Settings().header_timeout_seconds


class HeaderDeadlineProtocol(HttpToolsProtocol):
    _header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._header_deadline is None:  # the next request on a kept-alive connection
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._header_deadline = self.loop.call_later(
            _header_timeout_seconds(), self.transport.close
        )

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None
