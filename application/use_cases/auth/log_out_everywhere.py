from application.credentials import end_every_session
from application.event_recording import EventRecorder
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.users import Actor


class LogOutEverywhere:
    """Ends every session of the signed-in account, on every device, or every one but the
    caller's own (`keep_current`): refresh tokens stop working, access tokens are refused at
    their next use and live connections close."""

    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, actor: Actor, *, keep_current: bool = False) -> None:
        keep = actor.session_id if keep_current else None
        async with self._uow() as uow:
            await end_every_session(uow, actor.user_id, self._events, keep=keep)
            await uow.commit()
