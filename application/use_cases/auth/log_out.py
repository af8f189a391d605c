from application.audit import AuditTrail
from application.event_recording import EventRecorder
from application.ports.clock import Clock
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.sessions import hash_refresh_token
from domain.events import SessionEnded


class LogOut:
    """Ends the session the refresh token belongs to. Unknown tokens are ignored: logging out
    twice is not an error."""

    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, events: EventRecorder, audit: AuditTrail
    ) -> None:
        self._uow, self._clock, self._events, self._audit = uow, clock, events, audit

    async def __call__(self, refresh_token: str) -> None:
        async with self._uow() as uow:
            record = await uow.refresh_tokens.consume(
                hash_refresh_token(refresh_token), self._clock.now()
            )
            if record is not None and await uow.sessions.end(record.family_id):
                await self._events.record(
                    uow, SessionEnded, user_id=record.user_id, session_id=record.family_id
                )
                await self._audit.record(
                    uow,
                    SecurityEventKind.SESSION_ENDED,
                    actor_id=record.user_id,
                    target_id=record.user_id,
                    session_id=str(record.family_id),
                )
            await uow.commit()
