"""The live hub as a task of the serving process, from start-up to shutdown."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from entrypoints.container import Container
from entrypoints.live.protocol import Close

log = logging.getLogger("folio.live")


@contextlib.asynccontextmanager
async def running(container: Container) -> AsyncIterator[None]:
    settings = container.settings()
    if settings.redis_url is None and not settings.runs_embedded_worker:
        log.warning(
            "live_updates_unreachable: the worker runs in another process and REDIS_URL is "
            "not set, so no event reaches this process's live connections; set REDIS_URL "
            "(or WORKER_EMBEDDED=true for a single process)"
        )
    hub = container.live_hub()
    task = asyncio.create_task(hub.run(), name="live-hub")
    await asyncio.sleep(0)  # the hub is listening before anything is published
    try:
        yield
    finally:
        hub.close_all(Close.GOING_AWAY, "the server is shutting down")
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
