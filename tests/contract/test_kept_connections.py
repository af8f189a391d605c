"""Connections kept between units of work (PostgreSQL): lent again without the pool when a
unit of work only read, never kept from a unit of work that waits for the pool, returned to
the pool when unused, and pinged there like any idle connection."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.kept_connections import KeptConnections
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from application.errors import StorageUnavailable
from tests.contract.test_connection_pool import _terminate_all_connections
from tests.support import eventually


@pytest.fixture
async def engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_url, pool_size=1, pool_timeout=2)
    yield engine
    await engine.dispose()


@pytest.fixture
def checkouts(engine: AsyncEngine) -> Iterator[list[int]]:
    """How many times a connection left the pool."""
    counted: list[int] = []

    def count(*_: Any) -> None:
        counted.append(1)

    event.listen(engine.sync_engine, "checkout", count)
    yield counted
    event.remove(engine.sync_engine, "checkout", count)


async def read(kept: KeptConnections, engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(engine, LocalWakeup(), kept=kept) as uow:
        assert await uow.post_views.by_slug("no-such-post", None) is None


async def write(kept: KeptConnections, engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(engine, LocalWakeup(), kept=kept) as uow:
        await uow._conn.execute(text("SELECT pg_backend_pid()"))  # text(): counted as a write
        await uow.commit()


async def test_a_connection_that_only_read_is_lent_again_without_the_pool(
    engine: AsyncEngine, checkouts: list[int]
) -> None:
    kept = KeptConnections(engine, keep_seconds=30)
    try:
        for _ in range(5):
            await read(kept, engine)
        assert len(checkouts) == 1
    finally:
        await kept.return_all()
    assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_connection_that_wrote_or_failed_goes_back_to_the_pool(
    engine: AsyncEngine, checkouts: list[int]
) -> None:
    kept = KeptConnections(engine, keep_seconds=30)
    try:
        await write(kept, engine)
        assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        with pytest.raises(LookupError):
            async with SqlUnitOfWork(engine, LocalWakeup(), kept=kept) as uow:
                await uow.post_views.by_slug("no-such-post", None)
                raise LookupError
        assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        async with SqlUnitOfWork(engine, LocalWakeup(), kept=kept) as uow:
            # The pool put the connection back in autocommit: a read begins no transaction.
            assert await uow.post_views.by_slug("no-such-post", None) is None
            assert not uow._conn._conn.in_transaction()
        assert len(checkouts) == 3
    finally:
        await kept.return_all()


async def test_a_unit_of_work_waiting_for_the_pool_gets_the_next_connection_given_back(
    engine: AsyncEngine,
) -> None:
    """One connection, two units of work: the second waits for the pool, and the first one's
    connection goes to it at once rather than being kept (pool_timeout is 2 s here, the keep
    30 s)."""
    kept = KeptConnections(engine, keep_seconds=30)
    first_has_it = asyncio.Event()

    async def first() -> None:
        async with SqlUnitOfWork(engine, LocalWakeup(), kept=kept) as uow:
            first_has_it.set()
            await asyncio.sleep(0.2)
            assert await uow.post_views.by_slug("no-such-post", None) is None

    async def second() -> None:
        await first_has_it.wait()
        await read(kept, engine)

    try:
        async with asyncio.timeout(5):
            await asyncio.gather(first(), second())
    finally:
        await kept.return_all()


class RecordedWaits:
    def __init__(self) -> None:
        self.started_count, self.outcomes = 0, list[bool]()

    def started(self) -> None:
        self.started_count += 1

    def ended(self, *, timed_out: bool) -> None:
        self.outcomes.append(timed_out)


async def holding(kept: KeptConnections, engine: AsyncEngine, until: asyncio.Event) -> None:
    async with SqlUnitOfWork(engine, LocalWakeup(), kept=kept) as uow:
        assert await uow.post_views.by_slug("no-such-post", None) is None
        await until.wait()


async def test_a_connection_that_only_read_goes_straight_to_a_unit_of_work_waiting_for_one(
    engine: AsyncEngine, checkouts: list[int]
) -> None:
    waits = RecordedWaits()
    kept = KeptConnections(engine, keep_seconds=30, waits=waits)
    done = asyncio.Event()
    try:
        await read(kept, engine)  # connections are handed on from here
        holder = asyncio.create_task(holding(kept, engine, done))
        waiter = asyncio.create_task(read(kept, engine))
        await eventually(lambda: waits.started_count == 1)
        done.set()
        async with asyncio.timeout(2):
            await asyncio.gather(holder, waiter)
        assert waits.outcomes == [False]
        assert len(checkouts) == 1  # one trip out of the pool for all three
    finally:
        await kept.return_all()


async def test_a_connection_that_wrote_goes_to_the_pool_and_the_waiter_takes_it_there(
    engine: AsyncEngine, checkouts: list[int]
) -> None:
    waits = RecordedWaits()
    kept = KeptConnections(engine, keep_seconds=30, waits=waits)
    try:
        await read(kept, engine)
        async with SqlUnitOfWork(engine, LocalWakeup(), kept=kept) as uow:
            waiter = asyncio.create_task(read(kept, engine))
            await eventually(lambda: waits.started_count == 1)
            await uow._conn.execute(text("SELECT pg_backend_pid()"))
            await uow.commit()
        async with asyncio.timeout(1):  # well within the pool's 2 s
            await waiter
        assert waits.outcomes == [False]
        assert len(checkouts) == 2
    finally:
        await kept.return_all()


async def test_a_wait_for_a_connection_handed_on_gives_up_at_the_pool_timeout(
    postgres_url: str,
) -> None:
    engine = create_engine(postgres_url, pool_size=1, pool_timeout=0.3)
    waits = RecordedWaits()
    kept = KeptConnections(engine, keep_seconds=30, waits=waits)
    done = asyncio.Event()
    try:
        await read(kept, engine)
        holder = asyncio.create_task(holding(kept, engine, done))
        await eventually(lambda: kept._lent == 1)
        with pytest.raises(StorageUnavailable):
            await read(kept, engine)
        assert waits.outcomes == [True]
        done.set()
        await holder
        await read(kept, engine)  # nothing was lost on the way
    finally:
        await kept.return_all()
        await engine.dispose()
    assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_connection_handed_to_a_waiter_cancelled_that_moment_is_not_lost(
    engine: AsyncEngine, checkouts: list[int]
) -> None:
    waits = RecordedWaits()
    kept = KeptConnections(engine, keep_seconds=30, waits=waits)
    try:
        await read(kept, engine)
        async with SqlUnitOfWork(engine, LocalWakeup(), kept=kept) as uow:
            assert await uow.post_views.by_slug("no-such-post", None) is None
            waiter = asyncio.create_task(read(kept, engine))
            await eventually(lambda: waits.started_count == 1)
        waiter.cancel()  # handed the connection above, but not yet run since
        with pytest.raises(asyncio.CancelledError):
            await waiter
        await read(kept, engine)
        assert len(checkouts) == 1
    finally:
        await kept.return_all()
    assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_a_kept_connection_left_unused_goes_back_to_the_pool(engine: AsyncEngine) -> None:
    kept = KeptConnections(engine, keep_seconds=0.2)
    try:
        await read(kept, engine)
        assert engine.sync_engine.pool.checkedout() == 1  # type: ignore[attr-defined]
        await eventually(lambda: not engine.sync_engine.pool.checkedout(), seconds=2)  # type: ignore[attr-defined]
    finally:
        await kept.return_all()


async def test_the_pool_pings_a_connection_that_sat_unused_while_kept(postgres_url: str) -> None:
    """Its time kept counts as idle: a restart meanwhile costs no request, though the
    connection was back in the pool only a moment."""
    engine = create_engine(postgres_url, pool_size=1, idle_before_ping_seconds=0.3)
    kept = KeptConnections(engine, keep_seconds=0.3)
    try:
        await read(kept, engine)
        await eventually(lambda: not engine.sync_engine.pool.checkedout(), seconds=2)  # type: ignore[attr-defined]
        await _terminate_all_connections(postgres_url)
        await read(kept, engine)
    finally:
        await kept.return_all()
        await engine.dispose()
