from application.event_recording import EventRecorder
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.errors import NotFound
from domain.events import EmailVerificationRequested
from domain.users import Actor


class RequestEmailVerification:
    """Another verification mail for the signed-in account (a lost mail, an expired link, an
    account from before verification existed). Nothing is sent for a verified address."""

    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, actor: Actor) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
            if user is None:
                raise NotFound("Account not found.", resource="user")
            if not user.email_verified:
                await self._events.record(uow, EmailVerificationRequested, user_id=user.id)
            await uow.commit()
