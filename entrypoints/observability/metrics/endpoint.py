"""GET /metrics for Prometheus, behind a bearer token (METRICS_TOKEN). Pure ASGI and ahead of
the Host check: Prometheus names its targets by address, and the answer builds no link."""

import asyncio
import hmac
import logging
import os
from collections.abc import Callable, Iterator

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Receive, Scope, Send

from application.ports.clock import Clock
from application.ports.outbox_queue import OutboxQueue, OutboxStats
from entrypoints.observability.metrics.processes import FOLDER_VARIABLE

PATH = "/metrics"
log = logging.getLogger("folio.metrics")


class MetricsEndpoint:
    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str,
        outbox: Callable[[], OutboxQueue],
        clock: Callable[[], Clock],
        outbox_timeout_seconds: float,
    ) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode()
        self._outbox, self._clock = outbox, clock
        self._outbox_timeout = outbox_timeout_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        if scope["method"] != "GET":
            await answer(send, 405, b"Use GET.\n", [(b"allow", b"GET")])
        elif not hmac.compare_digest(_authorization(scope), self._expected):
            await answer(
                send, 401, b"A bearer token is needed.\n", [(b"www-authenticate", b"Bearer")]
            )
        else:
            body = await asyncio.to_thread(_process_metrics) + await self._outbox_metrics()
            await answer(send, 200, body, [(b"content-type", CONTENT_TYPE_LATEST.encode())])

    async def _outbox_metrics(self) -> bytes:
        """Read from storage at each scrape: one number for the whole installation, whichever
        process answers. Left out when storage does not answer in time."""
        try:
            async with asyncio.timeout(self._outbox_timeout):
                stats = await self._outbox().stats()
        except Exception as error:
            log.warning("outbox_metrics_unavailable", extra={"error": type(error).__name__})
            return b""
        registry = CollectorRegistry(auto_describe=False)
        registry.register(_OutboxCollector(stats, self._clock()))
        return generate_latest(registry)


class _OutboxCollector:
    def __init__(self, stats: OutboxStats, clock: Clock) -> None:
        self._stats, self._clock = stats, clock

    def collect(self) -> Iterator[Metric]:
        stats = self._stats
        age = (
            (self._clock.now() - stats.oldest_pending_at).total_seconds()
            if stats.oldest_pending_at
            else 0.0
        )
        yield GaugeMetricFamily(
            "folio_outbox_pending", "Events waiting for the worker.", stats.pending
        )
        yield GaugeMetricFamily(
            "folio_outbox_dead", "Events that failed every attempt (`folio outbox`).", stats.dead
        )
        yield GaugeMetricFamily(
            "folio_outbox_oldest_pending_age_seconds",
            "Age of the oldest pending event; 0 when none waits.",
            max(age, 0.0),
        )


def _process_metrics() -> bytes:
    """This process's metrics, or every serving process's when they write to
    PROMETHEUS_MULTIPROC_DIR."""
    if FOLDER_VARIABLE not in os.environ:
        return generate_latest(REGISTRY)
    registry = CollectorRegistry()
    MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def _authorization(scope: Scope) -> bytes:
    for name, value in scope["headers"]:
        if name == b"authorization":
            return bytes(value)
    return b""


async def answer(send: Send, status: int, body: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*headers, (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
