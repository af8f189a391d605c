"""Keyset and offset paging as SQL, ordered on (created_at, id)."""

from typing import Any

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.sql import ColumnElement

from adapters.sqlalchemy.connection import SharedConnection
from application.paging import PageQuery, reported_total


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
        # A row-value comparison, not (a < x OR (a = x AND b < y)): PostgreSQL turns it into an
        # index range, where the OR form scanned every row before the cursor (a page 50 000
        # posts deep took four times as long as the first).
        key = tuple_(created_at, id_)
        after = tuple_(
            literal(page.after.created_at, created_at.type), literal(page.after.id, id_.type)
        )
        query = query.where(key < after if newest_first else key > after)
    order = (created_at.desc(), id_.desc()) if newest_first else (created_at.asc(), id_.asc())
    query = query.order_by(*order).limit(page.limit + 1)
    if page.offset is not None:
        query = query.offset(page.offset)
    return query


async def total_of(
    conn: SharedConnection, query: Select[Any], page: PageQuery, returned: int, has_more: bool
) -> int | None:
    """The total an offset page reports (None for a keyset page), counting no more than
    `page.count_up_to` of the rows `query` selects."""
    if not page.with_total:
        return None
    bounded = query.limit(page.count_up_to).subquery()
    counted = int(await conn.scalar(select(func.count()).select_from(bounded)))
    return reported_total(counted, page, returned, has_more)
