"""Keyset and offset paging as SQL, ordered on (created_at, id).

The page's values are bound parameters (`page_values`), so a paged statement can be built
once per shape (`page_shape`) and reused: see adapters.sqlalchemy.connections.prepared."""

from typing import Any, Literal

from sqlalchemy import Select, bindparam, func, select, tuple_
from sqlalchemy.sql import ColumnElement

from adapters.sqlalchemy.connections.shared import SharedConnection
from application.paging import PageQuery, reported_total

PageShape = Literal["first", "after", "offset"]


def page_shape(page: PageQuery) -> PageShape:
    if page.offset is not None:
        return "offset"
    return "first" if page.after is None else "after"


def page_values(page: PageQuery) -> dict[str, Any]:
    values: dict[str, Any] = {"page_limit": page.limit + 1, "count_up_to": page.count_up_to}
    if page.offset is not None:
        values["page_offset"] = page.offset
    elif page.after is not None:
        values["after_created_at"] = page.after.created_at
        values["after_id"] = page.after.id
    return values


def bound_page(
    query: Select[Any],
    shape: PageShape,
    created_at: ColumnElement[Any],
    id_: ColumnElement[Any],
    *,
    newest_first: bool,
) -> Select[Any]:
    """Orders the query and applies a page of `shape`, fetching one extra row to tell if more
    follow; the page's values are bound parameters (see page_values)."""
    if shape == "after":
        # A row-value comparison, not (a < x OR (a = x AND b < y)): PostgreSQL turns it into an
        # index range, where the OR form scanned every row before the cursor (a page 50 000
        # posts deep took four times as long as the first).
        key = tuple_(created_at, id_)
        after = tuple_(
            bindparam("after_created_at", type_=created_at.type),
            bindparam("after_id", type_=id_.type),
        )
        query = query.where(key < after if newest_first else key > after)
    order = (created_at.desc(), id_.desc()) if newest_first else (created_at.asc(), id_.asc())
    query = query.order_by(*order).limit(bindparam("page_limit"))
    if shape == "offset":
        query = query.offset(bindparam("page_offset"))
    return query


def paged(
    query: Select[Any],
    page: PageQuery,
    created_at: ColumnElement[Any],
    id_: ColumnElement[Any],
    *,
    newest_first: bool,
) -> Select[Any]:
    """`bound_page` with this page's values in place."""
    shaped = bound_page(query, page_shape(page), created_at, id_, newest_first=newest_first)
    return shaped.params(page_values(page))


def bounded_count(query: Select[Any]) -> Select[Any]:
    """How many rows `query` selects, counting no more than the bound `count_up_to`."""
    return select(func.count()).select_from(query.limit(bindparam("count_up_to")).subquery())


async def total_of(
    conn: SharedConnection, query: Select[Any], page: PageQuery, returned: int, has_more: bool
) -> int | None:
    """The total an offset page reports (None for a keyset page), counting no more than
    `page.count_up_to` of the rows `query` selects."""
    if not page.with_total:
        return None
    counted = await conn.scalar(bounded_count(query).params(count_up_to=page.count_up_to))
    return reported_total(int(counted), page, returned, has_more)
