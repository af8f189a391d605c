from application.lookups import load_managed_user
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import SessionView
from domain.users import Actor


class ListSessions:
    """The sessions an account is signed in with, most recently used first: your own, or
    (for an admin) another account's."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def own(self, actor: Actor) -> list[SessionView]:
        async with self._uow() as uow:
            sessions = await uow.sessions.of_user(actor.user_id, self._clock.now())
        return [SessionView.of(s, actor.session_id) for s in sessions]

    async def of_account(self, actor: Actor, username: str) -> list[SessionView]:
        async with self._uow() as uow:
            user = await load_managed_user(uow, actor, username)
            sessions = await uow.sessions.of_user(user.id, self._clock.now())
        return [SessionView.of(s, None) for s in sessions]
