"""Engines for the two SQL backends, with the per-connection settings each needs."""

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Dialect, event, exc, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

# PostgreSQL's default level, named, for connections that leave autocommit to write.
_TRANSACTIONAL_LEVEL = "READ COMMITTED"
# A connection returned to the pool less than this long ago was working a moment ago; a
# database restart takes longer than this, and what it breaks meanwhile fails on its own.
IDLE_BEFORE_PING_SECONDS = 1.0
_RETURNED_AT = "folio_returned_at"


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    pool_timeout: float = 10.0,
    pool_pre_ping: bool = True,
    idle_before_ping_seconds: float = IDLE_BEFORE_PING_SECONDS,
    statement_timeout_ms: int = 15_000,
) -> AsyncEngine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    engine = create_async_engine(
        url,
        # Errors name the statement, never its values: those are passwords' hashes, addresses.
        hide_parameters=True,
        pool_size=pool_size,
        # No overflow: an overflow connection is closed when it is returned to a full pool, so
        # under sustained load every request past pool_size opened a new server connection
        # (and PostgreSQL forked a backend for it). Measured: a quarter of a read's CPU time.
        max_overflow=0,
        pool_timeout=pool_timeout,
        # Reads need no transaction at READ COMMITTED (see SharedConnection); the ping of an
        # autocommit connection is one round trip instead of three.
        isolation_level="AUTOCOMMIT",
        connect_args={
            "command_timeout": statement_timeout_ms / 1000,
            "server_settings": {"statement_timeout": str(statement_timeout_ms)},
        },
    )
    if pool_pre_ping:
        _ping_connections_idle_for(engine, idle_before_ping_seconds)
    return engine


def _ping_connections_idle_for(engine: AsyncEngine, seconds: float) -> None:
    """Pessimistic disconnect handling for connections that sat idle in the pool. SQLAlchemy's
    pool_pre_ping checks every checkout: a round trip per unit of work, a tenth of a point
    read's CPU (measured in process), spent on connections in use a moment ago. A ping that
    fails raises DisconnectionError, on which the pool replaces the connection and tries again
    (SQLAlchemy's "custom" pessimistic recipe)."""
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "checkin")
    def _note_return(_dbapi_connection: Any, record: Any) -> None:
        # `info` belongs to the driver connection: a replacement starts without the mark.
        record.info[_RETURNED_AT] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < seconds:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            raise exc.DisconnectionError() from error


def reads_outside_transactions(dialect: Dialect) -> bool:
    """Whether this backend's pooled connections are in autocommit mode."""
    return dialect.name == "postgresql"


async def transactional(conn: AsyncConnection) -> AsyncConnection:
    """The connection with its statements grouped into transactions again."""
    if reads_outside_transactions(conn.dialect):
        return await conn.execution_options(isolation_level=_TRANSACTIONAL_LEVEL)
    return conn


def _sqlite_engine(url: str) -> AsyncEngine:
    # aiosqlite logs every statement with its parameter values at DEBUG: a LOG_LEVEL=DEBUG
    # would write password hashes and addresses. Its INFO and above say nothing of values.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, logging.getLogger().level))
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, hide_parameters=True, connect_args={"timeout": 30})

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, issue BEGIN (see _on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: a deferred transaction that reads and then writes can
        # fail with "database is locked" instead of waiting its turn.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
