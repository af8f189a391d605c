"""The outbox worker inside the serving process (WORKER_EMBEDDED), from start-up to shutdown."""

import asyncio
import contextlib
from collections.abc import AsyncIterator

from application.outbox_worker import OutboxWorker


@contextlib.asynccontextmanager
async def running_worker(worker: OutboxWorker) -> AsyncIterator[asyncio.Event]:
    """Runs the worker as a task for the duration of the block; on the way out it stops,
    finishing the event in hand. Yields the event that stops it early."""
    stopping = asyncio.Event()
    task = asyncio.create_task(worker.run(stopping), name="outbox-worker")
    try:
        yield stopping
    finally:
        stopping.set()
        await task
