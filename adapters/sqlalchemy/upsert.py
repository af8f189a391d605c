"""INSERT ... ON CONFLICT DO NOTHING on both SQL backends, for idempotent pair inserts."""

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite

from adapters.sqlalchemy.connections.shared import SharedConnection


async def insert_ignoring_duplicates(conn: SharedConnection, table: Table, **values: Any) -> bool:
    """Whether a row was inserted."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    result = await conn.execute(dialect.insert(table).values(**values).on_conflict_do_nothing())
    return bool(result.rowcount)
