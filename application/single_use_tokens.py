"""Single-use tokens mailed to account holders: 256 random bits, stored only as a hash."""

import hashlib
import secrets
from datetime import timedelta
from uuid import UUID

from application.ports.clock import Clock
from application.ports.one_time_tokens import OneTimeToken, TokenPurpose
from application.ports.unit_of_work import UnitOfWork
from domain.users import User

TOKEN_BYTES = 32
CAP_WINDOW = timedelta(hours=1)


def hash_token(token: str) -> str:
    # The token carries 256 random bits, so a fast hash is enough (no password stretching needed).
    return hashlib.sha256(token.encode()).hexdigest()


class SingleUseTokens:
    def __init__(self, clock: Clock) -> None:
        self._clock = clock

    async def issue(
        self,
        uow: UnitOfWork,
        *,
        purpose: TokenPurpose,
        user: User,
        event_id: UUID,
        lifetime: timedelta,
    ) -> str:
        """A new token for `user`'s current address; only its hash is stored."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self._clock.now()
        await uow.one_time_tokens.add(
            OneTimeToken(
                token_hash=hash_token(token),
                purpose=purpose,
                user_id=user.id,
                email=user.email,
                event_id=event_id,
                issued_at=now,
                expires_at=now + lifetime,
            )
        )
        return token

    async def may_issue(
        self, uow: UnitOfWork, *, purpose: TokenPurpose, user: User, event_id: UUID, per_hour: int
    ) -> bool:
        """Whether `user` got fewer than `per_hour` tokens for `purpose` in the last hour, so
        that no endpoint can flood a mailbox. A redelivered event does not count its own."""
        since = self._clock.now() - CAP_WINDOW
        issued = await uow.one_time_tokens.issued_since(
            user.id, purpose, since, other_than=event_id
        )
        return issued < per_hour
