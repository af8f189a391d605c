from application.event_recording import EventRecorder
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.events import PasswordResetRequested
from domain.users import normalize_email


class RequestPasswordReset:
    """Records the request for any well-formed address, with an account or without, and
    looks nothing up: the answer and the time it takes say nothing about which addresses
    have accounts. The worker mails a token if one does (SendPasswordResetMail)."""

    def __init__(self, uow: UnitOfWorkFactory, events: EventRecorder) -> None:
        self._uow, self._events = uow, events

    async def __call__(self, email: str) -> None:
        address = normalize_email(email)
        async with self._uow() as uow:
            await self._events.record(uow, PasswordResetRequested, email=address)
            await uow.commit()
