from dataclasses import dataclass

from application.credentials import end_trust_in_the_old_password
from application.event_recording import EventRecorder
from application.ports.clock import Clock
from application.ports.one_time_tokens import TokenPurpose
from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWorkFactory
from application.single_use_tokens import hash_token
from domain.errors import InvalidToken
from domain.users import validate_password


@dataclass(frozen=True)
class PasswordReset:
    token: str
    new_password: str


class ResetPassword:
    """Sets a new password with a mailed reset token, which works once, and ends every
    session of the account."""

    def __init__(
        self, uow: UnitOfWorkFactory, hasher: PasswordHasher, clock: Clock, events: EventRecorder
    ) -> None:
        self._uow, self._hasher, self._clock, self._events = uow, hasher, clock, events

    async def __call__(self, reset: PasswordReset) -> None:
        new_hash = await self._hasher.hash(validate_password(reset.new_password))
        purpose = TokenPurpose.PASSWORD_RESET
        async with self._uow() as uow:
            now = self._clock.now()
            token = await uow.one_time_tokens.consume(hash_token(reset.token), purpose, now)
            user = await uow.users.get(token.user_id) if token else None
            if token is None or user is None or not user.is_active or user.email != token.email:
                raise InvalidToken(purpose=purpose.value)
            user.change_password_hash(new_hash, now)
            await uow.users.update(user)
            await end_trust_in_the_old_password(uow, user.id, self._events)
            await uow.commit()
