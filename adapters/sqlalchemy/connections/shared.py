"""The one connection a unit of work's repositories share, when its transaction begins, and the
one way its statements run: reads of a statement built once on the driver's fast path, all
else through SQLAlchemy."""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import CursorResult, Dialect, Executable, Select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.sqlalchemy.connections.engine import reads_outside_transactions, transactional
from adapters.sqlalchemy.connections.prepared import prepared

log = logging.getLogger("folio.storage")


class SharedConnection:
    """On PostgreSQL, connections leave the pool in autocommit mode and the transaction begins
    just before the first statement that is not a SELECT. The service runs at READ COMMITTED,
    where every statement takes a snapshot of its own inside a transaction or out of it and
    plain SELECTs take no locks: reads before the first write see exactly what they would see
    inside the transaction, and a unit of work that only reads spends no BEGIN and ROLLBACK
    round trips. On SQLite the transaction begins with the unit of work: its BEGIN IMMEDIATE
    takes the write lock, so a read-then-write cannot interleave with another writer. Behind a
    transaction pooler, PostgreSQL's transaction too begins with the unit of work (see
    create_engine)."""

    def __init__(self, conn: AsyncConnection, *, prepared_reads: bool = True) -> None:
        self._conn = conn
        self._begun = False
        self._prepared_reads = prepared_reads

    @property
    def dialect(self) -> Dialect:
        return self._conn.dialect

    async def start(self) -> None:
        if not reads_outside_transactions(self._conn):
            await self.begin()

    async def begin(self) -> None:
        if self._conn.in_transaction():
            await self._conn.commit()  # autocommit bookkeeping: nothing reaches the server
        self._conn = await transactional(self._conn)
        await self._conn.begin()
        self._begun = True

    async def execute(
        self, statement: Executable, parameters: Any = None
    ) -> CursorResult[*tuple[Any, ...]]:
        await self._begin_before_writing(statement)
        return await self._conn.execute(statement, parameters)

    async def rows(self, statement: Select[Any], parameters: Mapping[str, Any]) -> Sequence[Any]:
        """The rows of a plain SELECT built once (see adapters.sqlalchemy.connections.prepared), by
        position or by name. On PostgreSQL it runs on the driver connection; a failure there
        is replayed through SQLAlchemy (a read is safe to repeat), which translates the error
        and invalidates a broken connection as it does for every other statement. Without
        `prepared_reads`, it runs through SQLAlchemy like any statement (and so is seen by
        SQLAlchemy's cursor events, which tracing listens to)."""
        if self._prepared_reads and self.dialect.name == "postgresql":
            query = prepared(statement, self.dialect)
            driver = await self._driver_connection()
            try:
                return query.rows(await driver.fetch(query.sql, *query.arguments(parameters)))
            except Exception as error:
                log.warning("prepared_read_replayed", extra={"error": type(error).__name__})
        return (await self.execute(statement, parameters)).all()

    async def _driver_connection(self) -> Any:
        """The driver's connection, read in place while the connection is open and valid (the
        awaited way runs through a greenlet: about 3 % of a read's CPU, measured)."""
        sync = self._conn.sync_connection
        if sync is not None and not sync.closed and not sync.invalidated:
            return sync.connection.driver_connection
        return (await self._conn.get_raw_connection()).driver_connection

    async def scalar(self, statement: Executable) -> Any:
        await self._begin_before_writing(statement)
        return await self._conn.scalar(statement)

    async def commit(self) -> None:
        await self._conn.commit()

    @property
    def connection(self) -> AsyncConnection:
        return self._conn

    @property
    def began(self) -> bool:
        """Whether a transaction began: the connection has left autocommit."""
        return self._begun

    async def roll_back_unfinished(self) -> None:
        if self._conn.in_transaction():
            await self._conn.rollback()

    async def _begin_before_writing(self, statement: Executable) -> None:
        # Anything but a plain SELECT (DML, DDL, text(), a locking SELECT ... FOR UPDATE, whose
        # lock would end with the statement in autocommit) counts as a write, to be safe.
        plain_read = (
            getattr(statement, "is_select", False)
            and getattr(statement, "_for_update_arg", None) is None
        )
        if not self._begun and not plain_read:
            await self.begin()
