from application.credentials import end_every_session
from application.event_recording import EventRecorder
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.users import Actor


class LogOutEverywhere:
    """Ends every session of the signed-in account, on every device: refresh tokens stop
    working and live connections close. Access tokens already issued run out on their own."""

    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, actor: Actor) -> None:
        async with self._uow() as uow:
            await end_every_session(uow, actor.user_id, self._events)
            await uow.commit()
