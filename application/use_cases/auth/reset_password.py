from dataclasses import dataclass

from application.audit import AuditTrail
from application.credentials import end_trust_in_the_old_password
from application.event_recording import EventRecorder
from application.ports.clock import Clock
from application.ports.one_time_tokens import TokenPurpose
from application.ports.password_hasher import PasswordHasher
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.single_use_tokens import hash_token
from domain.errors import InvalidToken
from domain.users import User, validate_password

_PURPOSE = TokenPurpose.PASSWORD_RESET


@dataclass(frozen=True)
class PasswordReset:
    token: str
    new_password: str


class ResetPassword:
    """Sets a new password with a mailed reset token, which works once, and ends every
    session of the account. The token is looked at twice: before the hash, so that only a
    valid one costs one, and when it is consumed, where of two concurrent resets one wins."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        events: EventRecorder,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._hasher, self._clock, self._events = uow, hasher, clock, events
        self._audit = audit

    async def __call__(self, reset: PasswordReset) -> None:
        password = validate_password(reset.new_password)
        token_hash = hash_token(reset.token)
        # The token is checked before the new password is hashed (argon2: 64 MiB and tens of
        # milliseconds): a bogus token costs one SHA-256 and an indexed read, not a hash.
        async with self._uow() as uow:
            await self._holder(uow, token_hash)
        new_hash = await self._hasher.hash(password)
        async with self._uow() as uow:
            user = await self._holder(uow, token_hash, consume=True)
            user.change_password_hash(new_hash, self._clock.now())
            await uow.users.update(user)
            await end_trust_in_the_old_password(uow, user.id, self._events)
            # The actor is whoever holds the mailed token: the account's mailbox.
            await self._audit.record(
                uow, SecurityEventKind.PASSWORD_RESET, actor_id=user.id, target_id=user.id
            )
            await uow.commit()

    async def _holder(self, uow: UnitOfWork, token_hash: str, *, consume: bool = False) -> User:
        """The active account the token was mailed to, at the address it still has."""
        tokens, now = uow.one_time_tokens, self._clock.now()
        lookup = tokens.consume if consume else tokens.find
        token = await lookup(token_hash, _PURPOSE, now)
        user = await uow.users.get(token.user_id) if token else None
        if token is None or user is None or not user.is_active or user.email != token.email:
            raise InvalidToken(purpose=_PURPOSE.value)
        return user
