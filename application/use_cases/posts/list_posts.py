from dataclasses import dataclass

from application.paging import CursorCodec, Page, PageRequest, Slice
from application.ports.posts import PostCriteria
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.views import PostView
from domain.users import Actor

TEXT_QUERY_MAX = 200


@dataclass(frozen=True)
class PostFilters:
    author: str | None = None  # username
    tag: str | None = None
    favorited_by: str | None = None  # username
    text: str | None = None


class ListPosts:
    """Newest first. Filters naming an unknown user match no posts."""

    def __init__(self, uow: UnitOfWorkFactory, cursors: CursorCodec) -> None:
        self._uow, self._cursors = uow, cursors

    async def __call__(
        self,
        filters: PostFilters = PostFilters(),
        page: PageRequest = PageRequest(),
        viewer: Actor | None = None,
    ) -> Page[PostView]:
        scope = cursor_scope(filters)
        page_query = self._cursors.query(page, scope)
        async with self._uow() as uow:
            criteria = await _criteria(uow, filters)
            if criteria is None:
                rows: Slice[PostView] = Slice([], False, 0 if page_query.with_total else None)
            else:
                viewer_id = viewer.user_id if viewer else None
                rows = await uow.post_views.find(criteria, page_query, viewer_id)
        return Page(rows.items, self._cursors.next_cursor(rows, scope), rows.total)


def cursor_scope(filters: PostFilters) -> str:
    """What this list's cursors are bound to: posts, with these filters."""
    return f"posts:{filters!r}"


async def _criteria(uow: UnitOfWork, filters: PostFilters) -> PostCriteria | None:
    author_id = favorited_by = None
    if filters.author is not None:
        author = await uow.users.by_username(filters.author)
        if author is None:
            return None
        author_id = author.id
    if filters.favorited_by is not None:
        fan = await uow.users.by_username(filters.favorited_by)
        if fan is None:
            return None
        favorited_by = fan.id
    text = (filters.text or "").strip()[:TEXT_QUERY_MAX] or None
    tag = (filters.tag or "").strip().lower() or None
    return PostCriteria(author_id=author_id, tag=tag, favorited_by=favorited_by, text=text)
