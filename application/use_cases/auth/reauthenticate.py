from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWorkFactory
from application.sessions import SessionIssuer
from application.views import TokenPair
from domain.errors import AuthenticationFailed, PermissionDenied
from domain.users import PASSWORD_MAX, Actor


class Reauthenticate:
    """Step-up: the signed-in caller proves who they are again with the password, and gets an
    access token of the same session whose `auth_time` is now."""

    def __init__(
        self, uow: UnitOfWorkFactory, hasher: PasswordHasher, sessions: SessionIssuer
    ) -> None:
        self._uow, self._hasher, self._sessions = uow, hasher, sessions

    async def __call__(self, actor: Actor, password: str) -> TokenPair:
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
        if user is None:
            raise AuthenticationFailed("The account no longer exists.")
        # Hashing runs between transactions, holding no connection (as at login).
        if len(password) > PASSWORD_MAX or not await self._hasher.verify(
            user.password_hash, password
        ):
            raise PermissionDenied("The password is incorrect.")
        async with self._uow() as uow:
            tokens = await self._sessions.reauthenticated(uow, actor)
            await uow.commit()
        return tokens
