"""Keyset and offset paging as SQL, ordered on (created_at, id)."""

from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select
from sqlalchemy.sql import ColumnElement

from adapters.sqlalchemy.connection import SharedConnection
from application.paging import PageQuery


def paged(
    query: Select[Any],
    page: PageQuery,
    created_at: ColumnElement[Any],
    id_: ColumnElement[Any],
    *,
    newest_first: bool,
) -> Select[Any]:
    """Orders the query and applies the page, fetching one extra row to tell if more follow."""
    if page.after is not None and page.offset is None:
        after_at = literal(page.after.created_at, created_at.type)
        after_id = literal(page.after.id, id_.type)
        if newest_first:
            beyond = or_(created_at < after_at, and_(created_at == after_at, id_ < after_id))
        else:
            beyond = or_(created_at > after_at, and_(created_at == after_at, id_ > after_id))
        query = query.where(beyond)
    order = (created_at.desc(), id_.desc()) if newest_first else (created_at.asc(), id_.asc())
    query = query.order_by(*order).limit(page.limit + 1)
    if page.offset is not None:
        query = query.offset(page.offset)
    return query


async def total_of(conn: SharedConnection, query: Select[Any]) -> int:
    return int(await conn.scalar(select(func.count()).select_from(query.subquery())))
