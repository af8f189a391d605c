from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import AccountView
from domain.errors import NotFound
from domain.users import Actor


class GetOwnAccount:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor) -> AccountView:
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
        if user is None:
            raise NotFound("Account not found.", resource="user")
        return AccountView.of(user)
