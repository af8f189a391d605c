"""IN-07: a statement that runs too long is cut off and reported as unavailable storage."""

import pytest
from sqlalchemy import text

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.connections.owner import SqlConnections
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from application.errors import StorageUnavailable


async def test_in07_a_statement_over_the_timeout_is_cancelled(postgres_url: str) -> None:
    engine = create_engine(postgres_url, statement_timeout_ms=100)
    try:
        with pytest.raises(StorageUnavailable):
            async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
                await uow._conn.execute(text("SELECT pg_sleep(5)"))
    finally:
        await engine.dispose()


async def test_in07_an_unreachable_server_is_unavailable_storage() -> None:
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/none", pool_timeout=1)
    with pytest.raises(StorageUnavailable):
        async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()):
            pass
    await engine.dispose()
