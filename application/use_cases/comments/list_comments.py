from application.lookups import load_post
from application.paging import CursorCodec, Page, PageRequest
from application.ports.unit_of_work import UnitOfWorkFactory
from application.viewing import comment_views
from application.views import CommentView
from domain.users import Actor


class ListComments:
    """A post's comments, oldest first."""

    def __init__(self, uow: UnitOfWorkFactory, cursors: CursorCodec) -> None:
        self._uow, self._cursors = uow, cursors

    async def __call__(
        self, slug: str, page: PageRequest = PageRequest(), viewer: Actor | None = None
    ) -> Page[CommentView]:
        scope = f"comments:{slug}"
        page_query = self._cursors.query(page, scope)
        async with self._uow() as uow:
            post = await load_post(uow, slug)
            rows = await uow.comments.list_for_post(post.id, page_query)
            views = await comment_views(uow, rows.items, viewer.user_id if viewer else None)
        return Page(views, self._cursors.next_cursor(rows, scope), rows.total)
