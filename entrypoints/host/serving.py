"""Running the process: the HTTP server (uvicorn serving the host's app, in one or more worker
processes) or the background worker on its own. The command line checks what it was asked and
calls these."""

import asyncio
import signal

from entrypoints.composition.container import Container
from entrypoints.composition.migrate import migrate
from entrypoints.composition.settings import Settings
from entrypoints.observability.metrics import processes as metrics_processes

# Larger live messages are refused by the protocol itself (1009) before the app reads them;
# up to this size the app answers an error message (the limit it enforces is 4 KiB).
MAX_WEBSOCKET_FRAME_BYTES = 65_536


def serve(settings: Settings, *, host: str, port: int, workers: int, reload: bool) -> None:
    if settings.is_embedded_sqlite:
        asyncio.run(migrate(settings))  # once, before workers start
    with metrics_processes.shared_by_workers(workers if settings.metrics_token else 1):
        signal.signal(signal.SIGTERM, _exit_after_shutdown)
        _run_uvicorn(settings, host=host, port=port, workers=workers, reload=reload)


def _exit_after_shutdown(_signum: int, _frame: object) -> None:
    """uvicorn shuts down gracefully on SIGTERM, then raises the signal again for the handler
    it found: the default one ended the process on the spot, before logging wrote its last
    lines (the shutdown's, held in a batch). Exiting here runs the interpreter's exit as a
    return from main does: exit code 0, every line written."""
    raise SystemExit(0)


def _run_uvicorn(settings: Settings, *, host: str, port: int, workers: int, reload: bool) -> None:
    import uvicorn  # only when serving: the other commands start faster without it

    uvicorn.run(
        "entrypoints.host.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        http="entrypoints.host.header_deadline:HeaderDeadlineProtocol",
        ws="entrypoints.live.going_away:GoingAwayWebSocketProtocol",
        ws_max_size=MAX_WEBSOCKET_FRAME_BYTES,
        ws_per_message_deflate=settings.live_compression,
        ws_ping_interval=settings.live_ping_interval_seconds,
        ws_ping_timeout=settings.live_ping_timeout_seconds,
        timeout_keep_alive=settings.keep_alive_timeout_seconds,
        access_log=False,
        server_header=False,
        log_config=None,
    )


async def run_worker(container: Container) -> None:
    """Background work until SIGTERM or Ctrl-C: the event in hand is finished, the rest of the
    batch released, then it returns."""
    from entrypoints.host.worker_metrics import metrics_served  # uvicorn: only when needed

    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    async with metrics_served(container):
        await container.outbox_worker().run(stopping)
