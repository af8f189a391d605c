"""Keyset and offset paging over rows held in memory, ordered like the SQL adapters order them."""

from collections.abc import Iterable
from typing import TypeVar

from application.paging import Keyed, PageQuery, Slice, reported_total

T = TypeVar("T", bound=Keyed)


def page_of(rows: Iterable[T], page: PageQuery, *, newest_first: bool) -> Slice[T]:
    ordered = sorted(rows, key=lambda r: (r.created_at, r.id), reverse=newest_first)
    if page.offset is not None:
        window = ordered[page.offset : page.offset + page.limit + 1]
        returned, has_more = len(window[: page.limit]), len(window) > page.limit
        total: int | None = reported_total(len(ordered), page, returned, has_more)
    else:
        if page.after is not None:
            after = (page.after.created_at, page.after.id)
            if newest_first:
                ordered = [r for r in ordered if (r.created_at, r.id) < after]
            else:
                ordered = [r for r in ordered if (r.created_at, r.id) > after]
        window, total = ordered[: page.limit + 1], None
    return Slice(window[: page.limit], len(window) > page.limit, total)
