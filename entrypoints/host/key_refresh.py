"""Every serving process holds the key ring in memory (adapters/security/key_ring.py) and
reloads it every SIGNING_KEYS_REFRESH_SECONDS: a key added, promoted or retired anywhere is
seen everywhere within that time, without a restart. Storage that is away, or does not answer
within `timeout_seconds`, leaves the ring as it was and is asked again at the next turn: the
server starts all the same, and a ring that never loaded answers sign-ins 503."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from application.errors import StorageUnavailable
from application.use_cases.keys.reload_key_ring import ReloadKeyRing

log = logging.getLogger("folio.keys")


@contextlib.asynccontextmanager
async def refreshing(
    reload: ReloadKeyRing, every_seconds: float, timeout_seconds: float
) -> AsyncIterator[None]:
    """Loads the ring before the server takes requests; a key that does not open under this
    process's KEY_ENCRYPTION_KEY stops start-up here."""
    try:
        async with asyncio.timeout(timeout_seconds):
            made = await reload()
    except (StorageUnavailable, TimeoutError) as e:
        log.warning("key_ring_not_loaded", extra={"error": type(e).__name__})
    else:
        if made is not None:
            log.info("signing_key_made", extra={"kid": made.kid})
    task = asyncio.create_task(
        _keep_refreshing(reload, every_seconds, timeout_seconds), name="key-refresh"
    )
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _keep_refreshing(
    reload: ReloadKeyRing, every_seconds: float, timeout_seconds: float
) -> None:
    while True:
        await asyncio.sleep(every_seconds)
        try:
            async with asyncio.timeout(timeout_seconds):
                await reload()
        except Exception as e:  # storage away, or a key that does not open: keep the ring
            log.error("key_ring_not_reloaded", extra={"error": type(e).__name__})
