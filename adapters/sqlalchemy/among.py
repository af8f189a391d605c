"""`column IN (values)` in the form each backend runs best."""

from collections.abc import Collection
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, any_, literal
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import TypeEngine

from adapters.sqlalchemy.connections.shared import SharedConnection


def among(
    conn: SharedConnection, column: ColumnElement[Any], values: Collection[Any]
) -> ColumnElement[bool]:
    """On PostgreSQL, `column = ANY(:values)` with one array parameter: the SQL text, and so
    asyncpg's prepared statement, stays the same whatever the number of values, where an IN
    list is rendered anew for each call (a measured share of a page's CPU time)."""
    if conn.dialect.name == "postgresql":
        return column == any_(literal(list(values), _array_of(column.type)))
    return column.in_(list(values))


@cache
def _array_of(item_type: TypeEngine[Any]) -> ARRAY[Any]:
    return ARRAY(item_type)
