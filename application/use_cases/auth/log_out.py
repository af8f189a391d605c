from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.sessions import hash_refresh_token


class LogOut:
    """Ends the session the refresh token belongs to. Unknown tokens are ignored: logging out
    twice is not an error."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow, self._clock = uow, clock

    async def __call__(self, refresh_token: str) -> None:
        async with self._uow() as uow:
            record = await uow.refresh_tokens.consume(
                hash_refresh_token(refresh_token), self._clock.now()
            )
            if record is not None:
                await uow.refresh_tokens.revoke_family(record.family_id)
            await uow.commit()
