from uuid import UUID

from application.audit import AuditTrail
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.sessions import UNKNOWN_CLIENT, Client, SessionIssuer
from application.two_factor import MfaChallenges, SecondFactor
from application.views import AccountView, SignedIn
from domain.errors import AuthenticationFailed


class CompleteTwoFactorLogin:
    """The second step of a login to an account with two-factor: the challenge the password
    earned, and a code (or a recovery code). A code is accepted once per time step."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        challenges: MfaChallenges,
        second_factor: SecondFactor,
        sessions: SessionIssuer,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._challenges, self._second_factor = uow, challenges, second_factor
        self._sessions, self._audit = sessions, audit

    def holder(self, challenge: str) -> UUID:
        """Whose login the challenge continues (for counting attempts per account)."""
        return self._challenges.holder(challenge)

    async def __call__(
        self, challenge: str, code: str, client: Client = UNKNOWN_CLIENT
    ) -> SignedIn:
        user_id = self._challenges.holder(challenge)
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
            if user is None:
                raise AuthenticationFailed("The challenge is invalid or expired; log in again.")
            user.as_actor()  # deactivated since the password: refused
            kind = await self._second_factor.check(uow, user.id, code)
            if kind is None:
                await self._audit.record(
                    uow,
                    SecurityEventKind.LOGIN_FAILED,
                    actor_id=None,
                    target_id=user.id,
                    reason="wrong_second_factor",
                )
                await uow.commit()
                raise AuthenticationFailed("The code is incorrect or was used already.")
            tokens = await self._sessions.issue(uow, user.id, client)
            await self._audit.record(
                uow,
                SecurityEventKind.LOGIN_SUCCEEDED,
                actor_id=user.id,
                target_id=user.id,
                second_factor=kind.value,
            )
            await uow.commit()
        return SignedIn(AccountView.of(user), tokens)
