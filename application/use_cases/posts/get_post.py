from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import PostView
from domain.errors import NotFound
from domain.users import Actor


class GetPost:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, slug: str, viewer: Actor | None = None) -> PostView:
        async with self._uow() as uow:
            view = await uow.post_views.by_slug(slug, viewer.user_id if viewer else None)
        if view is None:
            raise NotFound(f"No post with slug {slug!r}.", resource="post")
        return view
