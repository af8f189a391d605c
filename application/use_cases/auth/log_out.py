from application.ports.unit_of_work import UnitOfWorkFactory
from application.sessions import hash_refresh_token


class LogOut:
    """Ends the session the refresh token belongs to. Unknown tokens are ignored: logging out
    twice is not an error."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, refresh_token: str) -> None:
        async with self._uow() as uow:
            record = await uow.refresh_tokens.consume(hash_refresh_token(refresh_token))
            if record is not None:
                await uow.refresh_tokens.revoke_family(record.family_id)
            await uow.commit()
