"""Connections kept between units of work (PostgreSQL): lent again without the pool when a
unit of work only read, handed to units of work in the order they came, returned to the pool
when unused, and pinged there like any idle connection."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.connections.owner import SqlConnections
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


class RecordedWaits:
    def __init__(self) -> None:
        self.started_count, self.outcomes = 0, list[bool]()

    def started(self) -> None:
        self.started_count += 1

    def ended(self, *, timed_out: bool) -> None:
        self.outcomes.append(timed_out)


@pytest.fixture
def waits() -> RecordedWaits:
    return RecordedWaits()


@pytest.fixture
async def kept(engine: AsyncEngine, waits: RecordedWaits) -> AsyncIterator[SqlConnections]:
    kept = SqlConnections(engine, keep_seconds=30, waits=waits)
    yield kept
    await kept.return_all()


def checked_out(engine: AsyncEngine) -> int:
    return int(engine.sync_engine.pool.checkedout())  # type: ignore[attr-defined]


async def read(kept: SqlConnections, engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(kept, LocalWakeup()) as uow:
        assert await uow.post_views.by_slug("no-such-post", None) is None


async def write(kept: SqlConnections, engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(kept, LocalWakeup()) as uow:
        await uow._conn.execute(text("SELECT pg_backend_pid()"))  # text(): counted as a write
        await uow.commit()


async def holding(
    kept: SqlConnections, engine: AsyncEngine, taken: asyncio.Event, until: asyncio.Event
) -> None:
    """A unit of work that reads, tells `taken`, and holds its connection until `until`."""
    async with SqlUnitOfWork(kept, LocalWakeup()) as uow:
        assert await uow.post_views.by_slug("no-such-post", None) is None
        taken.set()
        await until.wait()


async def test_a_connection_that_only_read_is_lent_again_without_the_pool(
    engine: AsyncEngine, kept: SqlConnections, checkouts: list[int]
) -> None:
    for _ in range(5):
        await read(kept, engine)
    assert len(checkouts) == 1
    await kept.return_all()
    assert checked_out(engine) == 0


async def test_a_connection_that_wrote_or_failed_goes_back_to_the_pool(
    engine: AsyncEngine, kept: SqlConnections, checkouts: list[int]
) -> None:
    await write(kept, engine)
    assert checked_out(engine) == 0
    with pytest.raises(LookupError):
        async with SqlUnitOfWork(kept, LocalWakeup()) as uow:
            await uow.post_views.by_slug("no-such-post", None)
            raise LookupError
    assert checked_out(engine) == 0
    async with SqlUnitOfWork(kept, LocalWakeup()) as uow:
        # The pool put the connection back in autocommit: a read begins no transaction.
        assert await uow.post_views.by_slug("no-such-post", None) is None
        assert not uow._conn._conn.in_transaction()
    assert len(checkouts) == 3


async def test_a_unit_of_work_waiting_for_the_pool_gets_the_next_connection_given_back(
    engine: AsyncEngine, kept: SqlConnections
) -> None:
    """One connection, two units of work, before any connection was handed on: the second
    waits, and the first one's connection goes to it at once rather than being kept
    (pool_timeout is 2 s here, the keep 30 s)."""
    taken, done = asyncio.Event(), asyncio.Event()
    holder = asyncio.create_task(holding(kept, engine, taken, done))
    await taken.wait()
    reader = asyncio.create_task(read(kept, engine))
    await asyncio.sleep(0.2)
    done.set()
    async with asyncio.timeout(5):
        await asyncio.gather(holder, reader)


async def test_a_connection_that_only_read_goes_straight_to_a_unit_of_work_waiting_for_one(
    engine: AsyncEngine, kept: SqlConnections, waits: RecordedWaits, checkouts: list[int]
) -> None:
    taken, done = asyncio.Event(), asyncio.Event()
    await read(kept, engine)  # connections are handed on from here
    holder = asyncio.create_task(holding(kept, engine, taken, done))
    waiter = asyncio.create_task(read(kept, engine))
    await eventually(lambda: waits.started_count == 1)
    done.set()
    async with asyncio.timeout(2):
        await asyncio.gather(holder, waiter)
    assert waits.outcomes == [False]
    assert len(checkouts) == 1  # one trip out of the pool for all three


async def test_a_connection_that_wrote_goes_to_the_pool_and_the_waiter_takes_it_there(
    engine: AsyncEngine, kept: SqlConnections, waits: RecordedWaits, checkouts: list[int]
) -> None:
    await read(kept, engine)
    async with SqlUnitOfWork(kept, LocalWakeup()) as uow:
        waiter = asyncio.create_task(read(kept, engine))
        await eventually(lambda: waits.started_count == 1)
        await uow._conn.execute(text("SELECT pg_backend_pid()"))
        await uow.commit()
    async with asyncio.timeout(1):  # well within the pool's 2 s
        await waiter
    assert waits.outcomes == [False]
    assert len(checkouts) == 2


async def test_a_wait_for_a_connection_handed_on_gives_up_at_the_pool_timeout(
    postgres_url: str, waits: RecordedWaits
) -> None:
    engine = create_engine(postgres_url, pool_size=1, pool_timeout=0.3)
    kept = SqlConnections(engine, keep_seconds=30, waits=waits)
    taken, done = asyncio.Event(), asyncio.Event()
    try:
        await read(kept, engine)
        holder = asyncio.create_task(holding(kept, engine, taken, done))
        await taken.wait()
        with pytest.raises(StorageUnavailable):
            await read(kept, engine)
        assert waits.outcomes == [True]
        done.set()
        await holder
        await read(kept, engine)  # nothing was lost on the way
    finally:
        await kept.return_all()
        await engine.dispose()
    assert checked_out(engine) == 0


async def test_a_connection_handed_to_a_waiter_cancelled_that_moment_is_not_lost(
    engine: AsyncEngine, kept: SqlConnections, waits: RecordedWaits, checkouts: list[int]
) -> None:
    await read(kept, engine)
    async with SqlUnitOfWork(kept, LocalWakeup()) as uow:
        assert await uow.post_views.by_slug("no-such-post", None) is None
        waiter = asyncio.create_task(read(kept, engine))
        await eventually(lambda: waits.started_count == 1)
    waiter.cancel()  # handed the connection above, but not yet run since
    with pytest.raises(asyncio.CancelledError):
        await waiter
    await read(kept, engine)
    assert len(checkouts) == 1
    await kept.return_all()
    assert checked_out(engine) == 0


async def test_a_place_handed_to_a_waiter_cancelled_that_moment_goes_to_the_next(
    engine: AsyncEngine, kept: SqlConnections, waits: RecordedWaits
) -> None:
    """A unit of work that wrote gives its connection to the pool and its place to the first
    waiter; that waiter is cancelled before it runs: the second must not wait out the pool's
    2 s for a wake-up that was lost."""
    async with SqlUnitOfWork(kept, LocalWakeup()) as uow:
        first = asyncio.create_task(read(kept, engine))
        second = asyncio.create_task(read(kept, engine))
        await eventually(lambda: waits.started_count == 2)
        await uow._conn.execute(text("SELECT pg_backend_pid()"))
        await uow.commit()
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    async with asyncio.timeout(1):
        await second
    assert waits.outcomes.count(True) == 0


async def test_a_kept_connection_left_unused_goes_back_to_the_pool(engine: AsyncEngine) -> None:
    kept = SqlConnections(engine, keep_seconds=0.2)
    try:
        await read(kept, engine)
        assert checked_out(engine) == 1
        await eventually(lambda: not checked_out(engine), seconds=2)
    finally:
        await kept.return_all()


async def test_the_pool_pings_a_connection_that_sat_unused_while_kept(postgres_url: str) -> None:
    """Its time kept counts as idle: a restart meanwhile costs no request, though the
    connection was back in the pool only a moment."""
    engine = create_engine(postgres_url, pool_size=1, idle_before_ping_seconds=0.3)
    kept = SqlConnections(engine, keep_seconds=0.3)
    try:
        await read(kept, engine)
        await eventually(lambda: not checked_out(engine), seconds=2)
        await _terminate_all_connections(postgres_url)
        await read(kept, engine)
    finally:
        await kept.return_all()
        await engine.dispose()


@pytest.mark.parametrize("pool_size", [1, 2, 5])
async def test_no_unit_of_work_starves_while_connections_are_handed_on(
    postgres_url: str, pool_size: int
) -> None:
    """Many more units of work than connections, reading (handed on) and writing (back to the
    pool) in turn: each gets a connection long before the pool timeout, however it waited.
    Units of work that waited in the pool while those waiting here were handed every
    connection that read used to wait out the whole timeout."""
    engine = create_engine(postgres_url, pool_size=pool_size, pool_timeout=1.5)
    kept = SqlConnections(engine, keep_seconds=30)
    stop = asyncio.Event()

    async def client(number: int) -> int:
        done = 0
        while not stop.is_set():
            await (write if (number + done) % 7 == 0 else read)(kept, engine)
            done += 1
        return done

    try:
        clients = [asyncio.create_task(client(number)) for number in range(8 * pool_size + 3)]
        await asyncio.sleep(3)
        stop.set()
        served = await asyncio.gather(*clients)
    finally:
        stop.set()
        await kept.return_all()
        await engine.dispose()
    assert all(served), served
    assert checked_out(engine) == 0
