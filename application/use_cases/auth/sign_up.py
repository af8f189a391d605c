from application.ports.unit_of_work import UnitOfWorkFactory
from application.sessions import UNKNOWN_CLIENT, Client, SessionIssuer
from application.use_cases.auth.register_user import RegisterUser, Registration
from application.views import AccountView, SignedIn


class SignUp:
    """Registers and signs the new user in at once (for clients that expect a token back)."""

    def __init__(
        self, uow: UnitOfWorkFactory, register_user: RegisterUser, sessions: SessionIssuer
    ) -> None:
        self._uow, self._register_user, self._sessions = uow, register_user, sessions

    async def __call__(
        self, registration: Registration, client: Client = UNKNOWN_CLIENT
    ) -> SignedIn:
        user = await self._register_user.new_user(registration)
        async with self._uow() as uow:
            await self._register_user.add(uow, user)
            tokens = await self._sessions.issue(uow, user.id, client)
            await uow.commit()
        return SignedIn(AccountView.of(user), tokens)
