"""GET /metrics for `folio worker` (WORKER_METRICS_PORT), served by uvicorn beside the worker
in its event loop: the same endpoint and token as the service's."""

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

import uvicorn
from starlette.types import Receive, Scope, Send

from entrypoints.composition.container import Container
from entrypoints.observability.metrics.endpoint import MetricsEndpoint, answer


class _BesideTheWorker(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The worker handles SIGTERM and SIGINT itself (finish the event in hand, then stop).
        yield


async def _nothing_else(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "http":
        await answer(send, 404, b"Only /metrics here.\n", [])


@contextlib.asynccontextmanager
async def metrics_served(container: Container) -> AsyncIterator[None]:
    settings = container.settings()
    if settings.worker_metrics_port is None or settings.metrics_token is None:
        yield
        return
    endpoint = MetricsEndpoint(
        _nothing_else,
        token=settings.metrics_token.get_secret_value(),
        outbox=container.outbox_queue,
        clock=container.clock,
        outbox_timeout_seconds=settings.readiness_timeout_seconds,
    )
    config = uvicorn.Config(
        endpoint,
        host=settings.host,
        port=settings.worker_metrics_port,
        lifespan="off",
        log_config=None,
        access_log=False,
        server_header=False,
        # HEADER_TIMEOUT_SECONDS and KEEP_ALIVE_TIMEOUT_SECONDS hold here as on `folio serve`:
        # a client that trickles its headers holds no connection of the worker's for ever.
        http="entrypoints.host.header_deadline:HeaderDeadlineProtocol",
        timeout_keep_alive=settings.keep_alive_timeout_seconds,
    )
    server = _BesideTheWorker(config)
    serving = asyncio.create_task(server.serve())
    try:
        yield
    finally:
        server.should_exit = True
        await serving
