"""A wake-up call inside one process: a unit of work that committed events rings it, and a
worker in the same process waiting for events returns at once instead of at its next poll."""

import asyncio
import contextlib


class LocalWakeup:
    def __init__(self) -> None:
        self._rung = asyncio.Event()

    def ring(self) -> None:
        self._rung.set()

    async def wait(self, at_most_seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._rung.wait(), at_most_seconds)
        self._rung.clear()
