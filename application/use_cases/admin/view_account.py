from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import AccountView
from domain.errors import NotFound
from domain.users import Actor


class ViewAccount:
    """An admin's view of any account, private fields included."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor, username: str) -> AccountView:
        actor.ensure_admin()
        async with self._uow() as uow:
            user = await uow.users.by_username(username)
        if user is None:
            raise NotFound(f"No user named {username!r}.", resource="user")
        return AccountView.of(user)
