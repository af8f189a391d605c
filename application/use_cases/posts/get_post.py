from application.ports.unit_of_work import UnitOfWorkFactory
from application.viewing import view_post
from application.views import PostView
from domain.users import Actor


class GetPost:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, slug: str, viewer: Actor | None = None) -> PostView:
        async with self._uow() as uow:
            return await view_post(uow, slug, viewer.user_id if viewer else None)
