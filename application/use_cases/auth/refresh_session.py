import logging
from datetime import timedelta

from application.audit import AuditTrail
from application.event_recording import EventRecorder
from application.ports.clock import Clock
from application.ports.refresh_tokens import RefreshTokenRecord
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.sessions import UNKNOWN_CLIENT, Client, SessionIssuer, hash_refresh_token
from application.views import TokenPair
from domain.errors import AuthenticationFailed
from domain.events import SessionEnded

log = logging.getLogger("folio.auth")
_REJECTED = "The refresh token is invalid, expired or already used."


class RefreshSession:
    """Rotates a refresh token. Presenting a used one revokes its whole family, its session
    (RFC 9700 4.14.2), unless it comes within `reuse_grace` of the rotation: then it is most
    likely the same client twice (two tabs, a retried request), refused without ending it."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        sessions: SessionIssuer,
        clock: Clock,
        events: EventRecorder,
        audit: AuditTrail,
        *,
        reuse_grace: timedelta = timedelta(0),
    ) -> None:
        self._uow, self._sessions, self._clock, self._events = uow, sessions, clock, events
        self._audit = audit
        self._reuse_grace = reuse_grace

    async def __call__(self, refresh_token: str, client: Client = UNKNOWN_CLIENT) -> TokenPair:
        async with self._uow() as uow:
            now = self._clock.now()
            record = await uow.refresh_tokens.consume(hash_refresh_token(refresh_token), now)
            if record is None:
                raise AuthenticationFailed(_REJECTED)
            if record.used_at is not None and now - record.used_at <= self._reuse_grace:
                log.info("refresh_repeat_within_grace", extra={"user_id": str(record.user_id)})
                raise AuthenticationFailed(_REJECTED)
            if record.used:
                await self._end(uow, record)
                await self._audit.record(
                    uow,
                    SecurityEventKind.REFRESH_TOKEN_REUSED,
                    actor_id=None,
                    target_id=record.user_id,
                    session_id=str(record.family_id),
                )
                await uow.commit()
                log.warning(
                    "refresh_reuse_detected",
                    extra={"user_id": str(record.user_id), "family_id": str(record.family_id)},
                )
                raise AuthenticationFailed(_REJECTED)
            user = await uow.users.get(record.user_id)
            if record.expires_at <= now or user is None or not user.is_active:
                await self._end(uow, record)
                await uow.commit()
                raise AuthenticationFailed(_REJECTED)
            tokens = await self._sessions.renew(uow, record, client)
            await uow.commit()
        return tokens

    async def _end(self, uow: UnitOfWork, family: RefreshTokenRecord) -> None:
        if await uow.sessions.end(family.family_id):
            await self._events.record(
                uow, SessionEnded, user_id=family.user_id, session_id=family.family_id
            )
