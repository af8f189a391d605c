from application.ports.clock import Clock
from application.ports.one_time_tokens import TokenPurpose
from application.ports.unit_of_work import UnitOfWorkFactory
from application.single_use_tokens import hash_token
from domain.errors import InvalidToken


class VerifyEmail:
    """Confirms the address a verification token was mailed to, if it is still the account's."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, token: str) -> None:
        purpose = TokenPurpose.EMAIL_VERIFICATION
        async with self._uow() as uow:
            now = self._clock.now()
            stored = await uow.one_time_tokens.consume(hash_token(token), purpose, now)
            user = await uow.users.get(stored.user_id) if stored else None
            if stored is None or user is None:
                raise InvalidToken(purpose=purpose.value)
            user.verify_email(stored.email, now)
            await uow.users.update(user)
            await uow.commit()
