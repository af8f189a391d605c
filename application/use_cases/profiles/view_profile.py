from application.ports.unit_of_work import UnitOfWorkFactory
from application.viewing import profiles_of
from application.views import ProfileView
from domain.errors import NotFound
from domain.users import Actor


class ViewProfile:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, username: str, viewer: Actor | None = None) -> ProfileView:
        async with self._uow() as uow:
            user = await uow.users.by_username(username)
            if user is None:
                raise NotFound(f"No user named {username!r}.", resource="user")
            profiles = await profiles_of(uow, {user.id}, viewer.user_id if viewer else None)
        return profiles[user.id]
