from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.use_cases.admin.load_managed_user import load_managed_user
from application.views import AccountView
from domain.users import Actor


class ReactivateUser:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, actor: Actor, username: str) -> AccountView:
        async with self._uow() as uow:
            user = await load_managed_user(uow, actor, username)
            user.reactivate(self._clock.now())
            await uow.users.update(user)
            await uow.commit()
        return AccountView.of(user)
