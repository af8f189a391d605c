"""The server keeps an eye on background work: every half minute it asks the outbox whether a
worker is at work, warns in the log when due work has waited a minute with none (and again
every ten minutes while it lasts), and leaves the finding for /health/ready to report."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from application.background_watch import BackgroundWatch

log = logging.getLogger("folio.worker")

LOOK_EVERY_SECONDS = 30.0
REMIND_EVERY_SECONDS = 600.0


@contextlib.asynccontextmanager
async def watching(watch: BackgroundWatch, *, worker_embedded: bool) -> AsyncIterator[None]:
    hint = (
        "the worker inside this server has stopped or cannot keep up"
        if worker_embedded
        else "is a `folio worker` running against this database? (WORKER_EMBEDDED is off)"
    )
    task = asyncio.create_task(_keep_watching(watch, hint), name="background-watch")
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _keep_watching(watch: BackgroundWatch, hint: str) -> None:
    loop = asyncio.get_running_loop()
    warned_at: float | None = None
    while True:
        await asyncio.sleep(LOOK_EVERY_SECONDS)  # start-up's own queries go first
        try:
            unattended = await watch.look()
        except Exception as e:  # storage away: readiness says so already
            log.debug("background_watch_failed", extra={"error": type(e).__name__})
        else:
            if unattended is None:
                if warned_at is not None:
                    log.info("background_work_resumed")
                warned_at = None
            elif warned_at is None or loop.time() - warned_at >= REMIND_EVERY_SECONDS:
                waited = int(unattended.waiting.total_seconds())
                log.warning(
                    "background_work_unattended: background work (mail, live updates) has "
                    "waited %d s and no worker has taken any: %s",
                    waited,
                    hint,
                    extra={"waiting_seconds": waited},
                )
                warned_at = loop.time()
