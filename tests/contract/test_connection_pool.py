"""The PostgreSQL pool: a fixed set of connections, and what a server restart costs."""

import asyncio

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.connections.owner import SqlConnections
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from application.errors import StorageUnavailable


async def _backend_pid(engine: AsyncEngine, hold_seconds: float = 0) -> int:
    async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
        await uow._conn.execute(text("SELECT pg_sleep(:s)"), {"s": hold_seconds})
        return int((await uow._conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def _terminate_all_connections(url: str) -> None:
    """What a database restart or failover does to a pool's connections."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        for _ in range(100):  # the backends exit, and close their sockets, a moment later
            left = await conn.fetchval(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            if not left:
                break
            await asyncio.sleep(0.05)
    finally:
        await conn.close()


async def test_more_callers_than_connections_wait_for_the_pool(postgres_url: str) -> None:
    """Overflow connections would be opened and closed for every caller past the pool size."""
    engine = create_engine(postgres_url, pool_size=2)
    try:
        pids: set[int] = set()
        for _ in range(3):
            pids |= set(await asyncio.gather(*(_backend_pid(engine, 0.02) for _ in range(6))))
        assert len(pids) == 2
    finally:
        await engine.dispose()


async def test_a_connection_idle_past_the_threshold_is_pinged_and_replaced(
    postgres_url: str,
) -> None:
    """A restart while the service sits idle costs no request."""
    engine = create_engine(postgres_url, pool_size=1, idle_before_ping_seconds=0.3)
    try:
        before = await _backend_pid(engine)
        await _terminate_all_connections(postgres_url)
        await asyncio.sleep(0.3)
        assert await _backend_pid(engine) != before
    finally:
        await engine.dispose()


async def test_a_connection_back_within_the_threshold_is_used_without_a_ping(
    postgres_url: str,
) -> None:
    """Under load connections come back every few milliseconds: no round trip is spent on
    them, and a restart in that moment is answered like one without pre-ping."""
    engine = create_engine(postgres_url, pool_size=1, idle_before_ping_seconds=60)
    try:
        await _backend_pid(engine)
        await _terminate_all_connections(postgres_url)
        with pytest.raises(StorageUnavailable):
            await _backend_pid(engine)
        assert await _backend_pid(engine) > 0
    finally:
        await engine.dispose()


async def test_without_pre_ping_a_restart_costs_one_unavailable_answer(postgres_url: str) -> None:
    engine = create_engine(postgres_url, pool_size=1, pool_pre_ping=False)
    try:
        await _backend_pid(engine)
        await _terminate_all_connections(postgres_url)
        with pytest.raises(StorageUnavailable):
            await _backend_pid(engine)
        assert await _backend_pid(engine) > 0  # the pool reconnected by itself
    finally:
        await engine.dispose()


@pytest.mark.replays_prepared_reads
async def test_a_prepared_read_on_a_broken_connection_is_unavailable_and_the_pool_recovers(
    postgres_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Point reads run on the driver connection (adapters.sqlalchemy.connections.prepared): a
    failure there is replayed through SQLAlchemy, which reports it and replaces the connection."""
    engine = create_engine(postgres_url, pool_size=1, idle_before_ping_seconds=60)
    try:
        async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
            assert await uow.post_views.by_slug("no-such-post", None) is None
        await _terminate_all_connections(postgres_url)
        with pytest.raises(StorageUnavailable):
            async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
                await uow.post_views.by_slug("no-such-post", None)
        assert "prepared_read_replayed" in caplog.messages
        async with SqlUnitOfWork(SqlConnections(engine, keep_seconds=0), LocalWakeup()) as uow:
            assert await uow.post_views.by_slug("no-such-post", None) is None
    finally:
        await engine.dispose()
