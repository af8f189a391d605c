"""The one owner of an engine's connections (SqlConnections): it lends each unit of work its
connection and takes it back, keeps and hands on the ones that only read, sweeps those kept too
long back to the pool, and at shutdown returns them all before the engine is disposed.

Kept between units of work, a connection is lent again without a trip through the pool.

A checkout from SQLAlchemy's async pool and the checkin after it each run through a greenlet,
the pool's events and its reset: measured in place, a fifth of a post read's CPU. A unit of
work that ran no transaction and raised nothing leaves its connection as the pool would hand
it out (autocommit, nothing pending: PostgreSQL without a transaction pooler, see
SharedConnection), so it goes straight to the next unit of work: the one that has waited
longest here, else it is kept for the next to come, the most recently used first. A kept
connection goes back to the pool after `keep_seconds` unused, from a timer: the pool then
pings it before lending it again (engine.py, connections idle for a second, stamped with when
they were kept), and the pool's in-use gauge falls back to what is in use.

Every unit of work waits here, in one queue, first come first served: at most as many hold a
connection (or are fetching one from the pool) as the pool can lend, so a checkout from the
pool finds a connection there. A connection given back goes to the longest waiter: itself
when it only read, else its place, and the waiter takes the connection from the pool where it
was just returned. Two queues, one here and the pool's own, starved the pool's: every
connection that only read went to a unit of work waiting here, and those waiting in the pool
waited out the whole request deadline (groups of 10-23 requests under 64 connections).
"""

import asyncio
import math
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any, Protocol

from sqlalchemy import exc
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.sqlalchemy.connections.engine import IDLE_BEFORE_PING_SECONDS, mark_unused_since
from adapters.sqlalchemy.connections.shared import SharedConnection

# The waiter's place in the queue, passed on with a connection, or with None: take one from
# the pool, where the connection just closed went back.
Handed = asyncio.Future[AsyncConnection | None]


class Waits(Protocol):
    """Told of each wait for a connection here."""

    def started(self) -> None: ...

    def ended(self, *, timed_out: bool) -> None: ...


class _Unobserved:
    def started(self) -> None:
        pass

    def ended(self, *, timed_out: bool) -> None:
        pass


def _capacity(pool: Any) -> float:
    """How many connections the pool lends at once; a pool without a fixed size (SQLite in
    memory shares one connection) is never waited for here."""
    if not hasattr(pool, "size"):
        return math.inf
    overflow = getattr(pool, "_max_overflow", 0)
    return math.inf if overflow < 0 else pool.size() + overflow


class SqlConnections:
    def __init__(
        self,
        engine: AsyncEngine,
        keep_seconds: float = IDLE_BEFORE_PING_SECONDS,
        waits: Waits | None = None,
        *,
        prepared_reads: bool = True,
    ) -> None:
        """`keep_seconds`: 0 keeps none (each unit of work checks its connection out of the
        pool and back in). `prepared_reads`: point reads take the driver's fast path (see
        SharedConnection.rows); off while tracing, whose spans come from SQLAlchemy's events."""
        self._engine, self._keep_seconds = engine, keep_seconds
        self._prepared_reads = prepared_reads
        self._waits = waits or _Unobserved()
        pool = engine.sync_engine.pool
        self._capacity = _capacity(pool)
        self._pool_timeout: float = pool.timeout() if hasattr(pool, "timeout") else 30.0
        self._kept: deque[tuple[AsyncConnection, float]] = deque()  # oldest first
        self._waiters: deque[Handed] = deque()
        # Places taken: units of work holding a connection from here, fetching one, or
        # closing theirs.
        self._taken = 0
        self._sweep: asyncio.TimerHandle | None = None
        self._returning: set[asyncio.Task[None]] = set()

    @property
    def dialect_name(self) -> str:
        return self._engine.dialect.name

    async def open(self) -> SharedConnection:
        """A unit of work's connection, its transaction begun if this database needs one from
        the start (see SharedConnection)."""
        connection = await self._connect()
        shared = SharedConnection(connection, prepared_reads=self._prepared_reads)
        try:
            await shared.start()
        except BaseException:
            await self._release(connection, reusable=False)
            raise
        return shared

    async def close(self, shared: SharedConnection, *, failed: bool) -> None:
        """Rolls back whatever was not committed and takes the connection back: to be lent
        again at once if it never left autocommit and nothing failed."""
        try:
            await shared.roll_back_unfinished()
        finally:
            await self._release(shared.connection, reusable=not (failed or shared.began))

    async def dispose(self) -> None:
        """At shutdown: the kept connections back to the pool, then the engine closed."""
        await self.return_all()
        await self._engine.dispose()

    async def _connect(self) -> AsyncConnection:
        if self._taken < self._capacity:
            self._taken += 1
        elif (handed := await self._wait_for_one()) is not None:
            return handed
        try:
            return await self._kept_or_pooled()
        except BaseException:
            self._pass_on_place()
            raise

    async def _release(self, connection: AsyncConnection, *, reusable: bool) -> None:
        if (
            reusable
            and self._keep_seconds > 0
            and not connection.closed
            and not connection.invalidated
            and not connection.in_transaction()
        ):
            if self._hand_on(connection):
                return
            self._taken -= 1
            self._kept.append((connection, time.monotonic()))
            self._sweep_later()
            return
        try:
            await connection.close()
        finally:
            self._pass_on_place()

    @asynccontextmanager
    async def borrowed(self) -> AsyncIterator[AsyncConnection]:
        """A connection for something other than a unit of work (a readiness probe), returned
        to the pool after."""
        connection = await self._connect()
        try:
            yield connection
        finally:
            await self._release(connection, reusable=False)

    async def return_all(self) -> None:
        """Returns every kept connection to the pool (before the engine is disposed)."""
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None
        while self._kept:
            await self._return_to_pool(*self._kept.popleft())
        if self._returning:
            await asyncio.gather(*self._returning, return_exceptions=True)

    async def _kept_or_pooled(self) -> AsyncConnection:
        while self._kept:
            connection, kept_at = self._kept.pop()
            if time.monotonic() - kept_at < self._keep_seconds:
                return connection
            await self._return_to_pool(connection, kept_at)
        return await self._engine.connect()

    async def _wait_for_one(self) -> AsyncConnection | None:
        handed: Handed = asyncio.get_running_loop().create_future()
        self._waiters.append(handed)
        self._waits.started()
        timed_out = False
        try:
            async with asyncio.timeout(self._pool_timeout):
                return await handed
        except BaseException as error:
            if handed.done() and not handed.cancelled():
                # Given a place just as this one gave up: the next in line takes it.
                if (late := handed.result()) is not None:
                    await self._release(late, reusable=True)
                else:
                    self._pass_on_place()
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

    def _pass_on_place(self) -> None:
        if not self._hand_on(None):
            self._taken -= 1

    def _hand_on(self, connection: AsyncConnection | None) -> bool:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(connection)
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
