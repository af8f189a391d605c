"""Connections kept between units of work, lent again without a trip through the pool.

A checkout from SQLAlchemy's async pool and the checkin after it each run through a greenlet,
the pool's events and its reset: measured in place, a fifth of a post read's CPU. A unit of
work that ran no transaction and raised nothing leaves its connection as the pool would hand
it out (autocommit, nothing pending: PostgreSQL without a transaction pooler, see
SharedConnection), so it goes straight to the next unit of work: one waiting here for a
connection, else it is kept for the next to come, the most recently used first. A kept
connection goes back to the pool after `keep_seconds` unused, from a timer: the pool then
pings it before lending it again (engine.py, connections idle for a second, stamped with when
they were kept), and the pool's in-use gauge falls back to what is in use.

Units of work wait here, not in the pool, only when every connection out of the pool is one
lent from here (each comes back through `release`, which hands it on, or wakes a waiter to take
it from the pool); otherwise they wait in the pool as before, and a connection given back while
one does goes to the pool.
"""

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Protocol

from sqlalchemy import exc
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.engine import IDLE_BEFORE_PING_SECONDS, mark_unused_since

Handed = asyncio.Future[AsyncConnection | None]  # None: one went back to the pool, take it


class Waits(Protocol):
    """Told of each wait for a connection here (the pool's own waits are the pool's)."""

    def started(self) -> None: ...

    def ended(self, *, timed_out: bool) -> None: ...


class _Unobserved:
    def started(self) -> None:
        pass

    def ended(self, *, timed_out: bool) -> None:
        pass


class KeptConnections:
    def __init__(
        self,
        engine: AsyncEngine,
        keep_seconds: float = IDLE_BEFORE_PING_SECONDS,
        waits: Waits | None = None,
    ) -> None:
        self._engine, self._keep_seconds = engine, keep_seconds
        self._waits = waits or _Unobserved()
        pool = engine.sync_engine.pool
        # A pool without a fixed size (SQLite in memory shares one connection) is never waited
        # for here.
        self._pool_size: float = pool.size() if hasattr(pool, "size") else math.inf
        self._pool_timeout: float = pool.timeout() if hasattr(pool, "timeout") else 30.0
        self._kept: deque[tuple[AsyncConnection, float]] = deque()  # oldest first
        self._waiters: deque[Handed] = deque()
        self._lent = 0  # connections lent from here, not yet released
        self._reused = False  # whether any connection could be handed on: then waits are here
        self._in_pool_checkout = 0
        self._sweep: asyncio.TimerHandle | None = None
        self._returning: set[asyncio.Task[None]] = set()

    async def connect(self) -> AsyncConnection:
        deadline: float | None = None  # one wait in all, however often a waiter is woken
        while True:
            while self._kept:
                connection, kept_at = self._kept.pop()
                if time.monotonic() - kept_at < self._keep_seconds:
                    self._lent += 1
                    return connection
                await self._return_to_pool(connection, kept_at)
            if not (self._reused and self._lent >= self._pool_size):
                break
            deadline = deadline or time.monotonic() + self._pool_timeout
            handed = await self._wait_for_one(deadline)
            if handed is not None:
                return handed
        self._in_pool_checkout += 1
        try:
            connection = await self._engine.connect()
        finally:
            self._in_pool_checkout -= 1
        self._lent += 1
        return connection

    async def release(self, connection: AsyncConnection, *, reusable: bool) -> None:
        """Takes back a connection lent from here; `reusable` when its unit of work ran no
        transaction and ended without an error."""
        self._lent -= 1
        if (
            reusable
            and self._keep_seconds > 0
            and not connection.closed
            and not connection.invalidated
            and not connection.in_transaction()
        ):
            self._reused = True
            if self._hand_on(connection):
                return
            if not self._in_pool_checkout:
                self._kept.append((connection, time.monotonic()))
                self._sweep_later()
                return
        try:
            await connection.close()
        finally:
            self._hand_on(None)

    @asynccontextmanager
    async def borrowed(self) -> AsyncIterator[AsyncConnection]:
        """A connection for something other than a unit of work (a readiness probe), returned
        to the pool after."""
        connection = await self.connect()
        try:
            yield connection
        finally:
            await self.release(connection, reusable=False)

    async def return_all(self) -> None:
        """Returns every kept connection to the pool (before the engine is disposed)."""
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None
        while self._kept:
            await self._return_to_pool(*self._kept.popleft())
        if self._returning:
            await asyncio.gather(*self._returning, return_exceptions=True)

    async def _wait_for_one(self, deadline: float) -> AsyncConnection | None:
        handed: Handed = asyncio.get_running_loop().create_future()
        self._waiters.append(handed)
        self._waits.started()
        timed_out = False
        try:
            async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                return await handed
        except BaseException as error:
            if handed.done() and not handed.cancelled() and (late := handed.result()):
                await self.release(late, reusable=True)  # handed on just as this one gave up
            if isinstance(error, TimeoutError):
                timed_out = True
                raise exc.TimeoutError(
                    f"No database connection came free within {self._pool_timeout:g} s."
                ) from None
            raise
        finally:
            self._waits.ended(timed_out=timed_out)
            with suppress(ValueError):
                self._waiters.remove(handed)

    def _hand_on(self, connection: AsyncConnection | None) -> bool:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(connection)
                if connection is not None:
                    self._lent += 1
                return True
        return False

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
