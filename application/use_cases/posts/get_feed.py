from application.paging import CursorCodec, Page, PageRequest
from application.ports.posts import PostCriteria
from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import PostView
from domain.users import Actor


class GetFeed:
    """Posts by the authors the actor follows, newest first."""

    def __init__(self, uow: UnitOfWorkFactory, cursors: CursorCodec) -> None:
        self._uow, self._cursors = uow, cursors

    async def __call__(self, actor: Actor, page: PageRequest = PageRequest()) -> Page[PostView]:
        scope = f"feed:{actor.user_id}"
        page_query = self._cursors.query(page, scope)
        async with self._uow() as uow:
            criteria = PostCriteria(followed_by=actor.user_id)
            rows = await uow.post_views.find(criteria, page_query, actor.user_id)
        return Page(rows.items, self._cursors.next_cursor(rows, scope), rows.total)
