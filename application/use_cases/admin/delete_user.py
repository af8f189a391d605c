from application.event_recording import EventRecorder
from application.lookups import load_managed_user
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.events import SessionsEnded
from domain.users import Actor


class DeleteUser:
    """Deletes the account with its posts, comments, favorites, follows and sessions."""

    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, actor: Actor, username: str) -> None:
        async with self._uow() as uow:
            user = await load_managed_user(uow, actor, username)
            await uow.users.delete(user.id)
            await self._events.record(uow, SessionsEnded, user_id=user.id)
            await uow.commit()
