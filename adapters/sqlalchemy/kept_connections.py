"""Connections kept between units of work, lent again without a trip through the pool.

A checkout from SQLAlchemy's async pool and the checkin after it each run through a greenlet,
the pool's events and its reset: measured in place, a fifth of a post read's CPU. A unit of
work that ran no transaction and raised nothing leaves its connection as the pool would hand
it out (autocommit, nothing pending), so it is kept here and the next unit of work takes it
at once, the most recently used first. A kept connection goes back to the pool:

- when a unit of work is waiting for the pool: keeping it would starve that one;
- after `keep_seconds` unused, from a timer: the pool then pings it before lending it again
  (engine.py, connections idle for a second, stamped with when they were kept), and the
  pool's in-use gauge falls back to what is in use.
"""

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.engine import IDLE_BEFORE_PING_SECONDS, mark_unused_since


class KeptConnections:
    def __init__(self, engine: AsyncEngine, keep_seconds: float = IDLE_BEFORE_PING_SECONDS) -> None:
        self._engine, self._keep_seconds = engine, keep_seconds
        self._kept: deque[tuple[AsyncConnection, float]] = deque()  # oldest first
        self._waiting = 0  # units of work inside the pool's checkout
        self._sweep: asyncio.TimerHandle | None = None
        self._returning: set[asyncio.Task[None]] = set()

    async def connect(self) -> AsyncConnection:
        while self._kept:
            connection, kept_at = self._kept.pop()
            if time.monotonic() - kept_at < self._keep_seconds:
                return connection
            await self._return_to_pool(connection, kept_at)
        self._waiting += 1
        try:
            return await self._engine.connect()
        finally:
            self._waiting -= 1

    @asynccontextmanager
    async def borrowed(self) -> AsyncIterator[AsyncConnection]:
        """A connection for something other than a unit of work (a readiness probe), returned
        to the pool after. Taken here, so that it too counts as waiting for the pool."""
        connection = await self.connect()
        try:
            yield connection
        finally:
            await connection.close()

    async def release(self, connection: AsyncConnection, *, reusable: bool) -> None:
        """Takes back a connection a unit of work is done with; `reusable` when it ran no
        transaction and ended without an error."""
        if (
            reusable
            and self._keep_seconds > 0
            and not self._waiting
            and not connection.closed
            and not connection.invalidated
            and not connection.in_transaction()
        ):
            self._kept.append((connection, time.monotonic()))
            self._sweep_later()
            return
        await connection.close()

    async def return_all(self) -> None:
        """Returns every kept connection to the pool (before the engine is disposed)."""
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None
        while self._kept:
            await self._return_to_pool(*self._kept.popleft())
        if self._returning:
            await asyncio.gather(*self._returning, return_exceptions=True)

    def _sweep_later(self) -> None:
        if self._sweep is None:
            loop = asyncio.get_running_loop()
            self._sweep = loop.call_later(self._keep_seconds, self._start_sweep)

    def _start_sweep(self) -> None:
        self._sweep = None
        task = asyncio.get_running_loop().create_task(self._return_unused())
        self._returning.add(task)
        task.add_done_callback(self._returning.discard)

    async def _return_unused(self) -> None:
        while self._kept and time.monotonic() - self._kept[0][1] >= self._keep_seconds:
            await self._return_to_pool(*self._kept.popleft())
        if self._kept:
            self._sweep_later()

    async def _return_to_pool(self, connection: AsyncConnection, kept_at: float) -> None:
        mark_unused_since(connection, kept_at)
        await connection.close()
