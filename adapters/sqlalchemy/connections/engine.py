"""Engines for the two SQL backends, with the per-connection settings each needs."""

import logging
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import Pool

# PostgreSQL's default level, named, for connections that leave autocommit to write.
_TRANSACTIONAL_LEVEL = "READ COMMITTED"
# A connection returned to the pool less than this long ago was working a moment ago; a
# database restart takes longer than this, and what it breaks meanwhile fails on its own.
IDLE_BEFORE_PING_SECONDS = 1.0
_RETURNED_AT = "folio_returned_at"
_UNUSED_SINCE = "folio_unused_since"
_AUTOCOMMIT_READS = "folio_reads_outside_transactions"


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    pool_timeout: float = 10.0,
    pool_pre_ping: bool = True,
    idle_before_ping_seconds: float = IDLE_BEFORE_PING_SECONDS,
    statement_timeout_ms: int = 15_000,
    transaction_pooler: bool = False,
    poolclass: type[Pool] | None = None,
) -> AsyncEngine:
    """`transaction_pooler`: PgBouncer (or a pooler like it) in transaction mode stands between
    us and PostgreSQL, lending a server connection for one transaction at a time. Nothing may
    outlive a transaction there (see _through_transaction_pooler)."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    options: dict[str, Any] = {
        # Errors name the statement, never its values: those are passwords' hashes, addresses.
        "hide_parameters": True,
        "pool_size": pool_size,
        # No overflow: an overflow connection is closed when it is returned to a full pool, so
        # under sustained load every request past pool_size opened a new server connection
        # (and PostgreSQL forked a backend for it). Measured: a quarter of a read's CPU time.
        "max_overflow": 0,
        "pool_timeout": pool_timeout,
        "poolclass": poolclass,
        "connect_args": {
            "command_timeout": statement_timeout_ms / 1000,
            "server_settings": {"statement_timeout": str(statement_timeout_ms)},
        },
    }
    if transaction_pooler:
        _through_transaction_pooler(options)
    else:
        # Reads need no transaction at READ COMMITTED (see SharedConnection); the ping of an
        # autocommit connection is one round trip instead of three.
        options["isolation_level"] = "AUTOCOMMIT"
    engine = create_async_engine(url, **options)
    if not transaction_pooler:

        @event.listens_for(engine.sync_engine, "connect")
        def _mark_autocommit(_dbapi_connection: Any, record: Any) -> None:
            record.info[_AUTOCOMMIT_READS] = True

    if pool_pre_ping:
        _ping_connections_idle_for(engine, idle_before_ping_seconds)
    return engine


def _through_transaction_pooler(options: dict[str, Any]) -> None:
    """Every statement runs inside a transaction (outside one, the pooler may send a statement
    and its prepared form to two different servers); no prepared statement is kept or named
    twice (the next transaction may run on a server that lacks it, or has one of that name
    from another client); no setting is sent at connect (the pooler refuses unknown startup
    parameters, and a session setting would leak to other clients): statement_timeout is
    then the role's or the database's (`ALTER ROLE ... SET statement_timeout`), and
    command_timeout still cancels a statement from our side. SQLAlchemy's asyncpg dialect
    documents this recipe ("Prepared Statement Name with PGBouncer")."""
    connect_args = options["connect_args"]
    del connect_args["server_settings"]
    connect_args["statement_cache_size"] = 0
    connect_args["prepared_statement_cache_size"] = 0
    connect_args["prepared_statement_name_func"] = _unique_statement_name


def _unique_statement_name() -> str:
    return f"__folio_{uuid.uuid4().hex}__"


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
        record.info[_RETURNED_AT] = record.info.pop(_UNUSED_SINCE, None) or time.monotonic()

    @event.listens_for(pool, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        returned_at = record.info.get(_RETURNED_AT)
        if returned_at is None or time.monotonic() - returned_at < seconds:
            return
        try:
            dbapi_connection.ping()
        except Exception as error:
            raise exc.DisconnectionError() from error


def mark_unused_since(conn: AsyncConnection, monotonic_time: float) -> None:
    """For a connection returned to the pool after sitting unused outside it (see
    KeptConnections): its idle time counts from then, not from its return."""
    conn.info[_UNUSED_SINCE] = monotonic_time


def reads_outside_transactions(conn: AsyncConnection) -> bool:
    """Whether this pooled connection is in autocommit mode (PostgreSQL without a pooler)."""
    return bool(conn.info.get(_AUTOCOMMIT_READS))


async def transactional(conn: AsyncConnection) -> AsyncConnection:
    """The connection with its statements grouped into transactions again."""
    if reads_outside_transactions(conn):
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
