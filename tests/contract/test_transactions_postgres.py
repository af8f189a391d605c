"""PostgreSQL units of work read outside a transaction and begin one at their first write
(adapters/sqlalchemy/connection.py says why that is safe at READ COMMITTED)."""

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.connections.owner import SqlConnections
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from tests.contract.builders import a_post, a_user
from tests.databases import wipe


@pytest.fixture
async def engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(postgres_url, pool_size=1)
    await wipe(engine)  # the suite's database holds what the tests before this one left
    yield engine
    await engine.dispose()


async def server_transaction_open(uow: SqlUnitOfWork) -> bool:
    """What the server says, not SQLAlchemy's bookkeeping."""
    raw = await uow._conn._conn.get_raw_connection()
    return bool(raw.driver_connection.is_in_transaction())  # type: ignore[union-attr]


async def test_a_unit_that_only_reads_opens_no_transaction(engine: AsyncEngine) -> None:
    async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
        await uow.users.get_many(set())
        assert await uow.users.by_email("nobody@example.com") is None
        assert not await server_transaction_open(uow)


async def test_the_first_write_opens_the_transaction_and_later_reads_join_it(
    engine: AsyncEngine,
) -> None:
    user = a_user("ada")
    async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
        assert await uow.users.by_email("ada@example.com") is None
        await uow.users.add(user)
        assert await server_transaction_open(uow)
        assert await uow.users.get(user.id) == user  # its own uncommitted write
    async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
        assert await uow.users.get(user.id) is None  # rolled back, not autocommitted
        assert not await server_transaction_open(uow)  # the pool reset the connection


async def test_a_committed_write_is_kept_and_the_connection_reads_freely_again(
    engine: AsyncEngine,
) -> None:
    user = a_user("ada")
    async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
        await uow.users.add(user)
        await uow.commit()
    async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
        assert await uow.users.get(user.id) == user
        assert not await server_transaction_open(uow)


async def test_a_locking_read_opens_the_transaction_so_its_lock_is_held(
    engine: AsyncEngine,
) -> None:
    """In autocommit a SELECT ... FOR UPDATE would lock nothing beyond its own statement."""
    user = a_user("lock")
    async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
        await uow.users.add(user)
        await uow.posts.add(a_post(user, "Locked"))
        await uow.commit()
    async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
        assert await uow.posts.by_slug("locked") is not None
        assert not await server_transaction_open(uow)
        assert await uow.posts.by_slug("locked", for_update=True) is not None
        assert await server_transaction_open(uow)
