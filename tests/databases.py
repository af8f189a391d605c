"""Throwaway SQL databases for the contract and end-to-end suites."""

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import asyncpg
from sqlalchemy import event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.connections.owner import SqlConnections
from adapters.sqlalchemy.migrate import upgrade_to_head
from adapters.sqlalchemy.tables import metadata

T = TypeVar("T")
DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"


class PostgresUnavailable(Exception):
    pass


def run_sync(coroutine: Coroutine[Any, Any, T]) -> T:
    """Runs a coroutine on a private event loop, even when called under a running one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def postgres_admin_url() -> URL:
    return make_url(os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


async def _admin_connection() -> asyncpg.Connection:
    admin = postgres_admin_url()
    dsn = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        return await asyncpg.connect(dsn, timeout=5)
    except (OSError, asyncpg.PostgresError) as e:
        raise PostgresUnavailable(
            f"PostgreSQL is not reachable at {admin.render_as_string()} ({e}); start one with "
            "`docker compose up -d db` or point TEST_POSTGRES_URL at a server"
        ) from e


async def create_postgres_database(*, migrate: bool = True) -> str:
    """A database of its own on the test server, migrated to the latest schema unless asked."""
    conn = await _admin_connection()
    name = f"folio_test_{secrets.token_hex(6)}"
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    url = postgres_admin_url().set(database=name).render_as_string(hide_password=False)
    if migrate:
        await migrated(url)
    return url


async def drop_postgres_database(url: str) -> None:
    conn = await _admin_connection()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    finally:
        await conn.close()


async def migrated(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


@asynccontextmanager
async def counting_statements(
    engine: AsyncEngine, kept: SqlConnections
) -> AsyncIterator[list[str]]:
    """Collects every SQL statement the engine's connections run inside the block: those
    SQLAlchemy executes and, on PostgreSQL, the point reads run on the driver connection
    (adapters.sqlalchemy.connections.prepared). Transaction control, the pool's ping and
    asyncpg's own lookup of a type it meets for the first time on a connection are not
    counted. The
    connections `kept` go back to the pool first, so that each is watched as it leaves."""
    await kept.return_all()
    statements: list[str] = []
    watched: list[Any] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    def watch(dbapi_connection: Any, *_: Any) -> None:
        driver = dbapi_connection.driver_connection
        if not hasattr(driver, "add_query_logger") or any(d is driver for d, _ in watched):
            return  # not asyncpg, or a connection checked out before in this block

        def record_driver(logged: Any) -> None:
            words = logged.query.strip().rstrip(";").split()
            introspection = (
                logged.query == driver._intro_query or "set_config('jit'" in logged.query
            )
            if words and words[0].upper() not in _TRANSACTION_CONTROL and not introspection:
                statements.append(logged.query)

        driver.add_query_logger(record_driver)
        watched.append((driver, record_driver))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    event.listen(engine.sync_engine, "checkout", watch)
    try:
        yield statements
        await asyncio.sleep(0)  # asyncpg hands logged queries over on the next loop turn
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
        event.remove(engine.sync_engine, "checkout", watch)
        for driver, logger in watched:
            driver.remove_query_logger(logger)


_TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK"}


async def wipe(engine: AsyncEngine) -> None:
    """Empties every table, keeping the schema."""
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            names = ", ".join(t.name for t in metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(metadata.sorted_tables):
                await conn.execute(table.delete())
