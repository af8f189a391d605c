import logging

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.sessions import SessionIssuer, hash_refresh_token
from application.views import TokenPair
from domain.errors import AuthenticationFailed

log = logging.getLogger("folio.auth")
_REJECTED = "The refresh token is invalid, expired or already used."


class RefreshSession:
    """Rotates a refresh token. Presenting a used one revokes its whole family."""

    def __init__(self, uow: UnitOfWorkFactory, sessions: SessionIssuer, clock: Clock) -> None:
        self._uow, self._sessions, self._clock = uow, sessions, clock

    async def __call__(self, refresh_token: str) -> TokenPair:
        async with self._uow() as uow:
            record = await uow.refresh_tokens.consume(hash_refresh_token(refresh_token))
            if record is None:
                raise AuthenticationFailed(_REJECTED)
            if record.used:
                await uow.refresh_tokens.revoke_family(record.family_id)
                await uow.commit()
                log.warning(
                    "refresh_reuse_detected",
                    extra={"user_id": str(record.user_id), "family_id": str(record.family_id)},
                )
                raise AuthenticationFailed(_REJECTED)
            user = await uow.users.get(record.user_id)
            if record.expires_at <= self._clock.now() or user is None or not user.is_active:
                await uow.refresh_tokens.revoke_family(record.family_id)
                await uow.commit()
                raise AuthenticationFailed(_REJECTED)
            tokens = await self._sessions.issue(uow, user.id, family=record)
            await uow.commit()
        return tokens
