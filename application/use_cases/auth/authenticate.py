from dataclasses import dataclass
from datetime import datetime

from application.ports.access_tokens import AccessTokens
from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import AccountView
from domain.errors import AuthenticationFailed, PermissionDenied
from domain.users import Actor


@dataclass(frozen=True)
class Authenticated:
    actor: Actor
    account: AccountView  # as read to authenticate: "who am I" needs no second read
    expires_at: datetime  # of the token: a long-lived connection asks for a new one then


class Authenticate:
    """Turns an access token into the acting user. A token of a session that has ended, or of
    a user who has since been deleted or deactivated, is rejected: one read of the account
    answers all three."""

    def __init__(self, uow: UnitOfWorkFactory, access_tokens: AccessTokens) -> None:
        self._uow, self._access_tokens = uow, access_tokens

    async def __call__(self, access_token: str) -> Actor:
        return (await self.until_expiry(access_token)).actor

    async def until_expiry(self, access_token: str) -> Authenticated:
        verified = self._access_tokens.verify(access_token)
        session_id = verified.session_id  # None in a token issued before sessions were kept
        async with self._uow() as uow:
            if session_id is None:
                user = await uow.users.get(verified.user_id)
            else:
                user = await uow.users.get_in_session(verified.user_id, session_id)
        if user is None:
            raise AuthenticationFailed("The session has ended or the account no longer exists.")
        try:
            actor = user.as_actor(session_id=session_id, authenticated_at=verified.authenticated_at)
        except PermissionDenied as e:
            raise AuthenticationFailed(e.message) from e
        return Authenticated(actor, AccountView.of(user), verified.expires_at)
