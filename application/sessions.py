"""Sessions: an access token plus a rotating refresh token from one family (RFC 9700 4.14.2).
Each sign-in is a session its owner can see and end (application/use_cases/sessions)."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from application.ports.access_tokens import AccessTokens
from application.ports.clock import Clock
from application.ports.device_labels import DeviceLabels
from application.ports.ids import IdGenerator
from application.ports.refresh_tokens import RefreshTokenRecord
from application.ports.sessions import ADDRESS_MAX, SessionRecord
from application.ports.unit_of_work import UnitOfWork
from application.single_use_tokens import hash_token
from application.views import TokenPair
from domain.errors import AuthenticationFailed
from domain.users import Actor

REFRESH_TOKEN_BYTES = 32


@dataclass(frozen=True)
class Client:
    """Where a sign-in or refresh comes from, as the request says: shown to the account's
    owner in their list of sessions."""

    address: str | None = None
    user_agent: str | None = None


UNKNOWN_CLIENT = Client()  # where a caller has no request to tell (the command line, tests)


def hash_refresh_token(token: str) -> str:
    return hash_token(token)


class SessionIssuer:
    """Issues sessions. Configured without a refresh-token lifetime it issues access tokens
    alone, for clients that have no refresh flow: such a session lasts as long as its token
    (the worker's housekeeping clears expired sessions away)."""

    def __init__(
        self,
        access_tokens: AccessTokens,
        clock: Clock,
        ids: IdGenerator,
        labels: DeviceLabels,
        refresh_token_lifetime: timedelta | None,
    ) -> None:
        self._access_tokens = access_tokens
        self._clock = clock
        self._ids = ids
        self._labels = labels
        self._refresh_lifetime = refresh_token_lifetime

    async def issue(self, uow: UnitOfWork, user_id: UUID, client: Client) -> TokenPair:
        """A new session of the account, signed in from `client`."""
        now, session_id = self._clock.now(), self._ids.new_id()
        access = self._access_tokens.issue(user_id, session_id, now)
        lifetime = self._refresh_lifetime or timedelta(seconds=access.expires_in)
        session = SessionRecord(
            id=session_id,
            user_id=user_id,
            label=self._labels(client.user_agent),
            created_at=now,
            last_used_at=now,
            last_address=_bounded(client.address),
            authenticated_at=now,
            expires_at=now + lifetime,
        )
        await uow.sessions.add(session)
        if self._refresh_lifetime is None:
            return TokenPair(access.token, None, access.expires_in)
        return await self._with_refresh_token(uow, access.token, access.expires_in, session)

    async def renew(self, uow: UnitOfWork, family: RefreshTokenRecord, client: Client) -> TokenPair:
        """The next tokens of the session `family` belongs to; it keeps its absolute expiry."""
        session = await uow.sessions.get(family.family_id)
        if session is None:  # the family's tokens go with their session: only in a race
            raise AuthenticationFailed("The session has ended.")
        await uow.sessions.used(session.id, self._clock.now(), _bounded(client.address))
        access = self._access_tokens.issue(family.user_id, session.id, session.authenticated_at)
        return await self._with_refresh_token(uow, access.token, access.expires_in, session)

    async def reauthenticated(self, uow: UnitOfWork, actor: Actor) -> TokenPair:
        """An access token of the actor's session stating that its holder proved who they are
        just now; the session's later refreshes say so too. No new refresh token."""
        if actor.session_id is None:
            raise AuthenticationFailed("This token belongs to no session; log in again.")
        now = self._clock.now()
        await uow.sessions.authenticated(actor.session_id, now)
        access = self._access_tokens.issue(actor.user_id, actor.session_id, now)
        return TokenPair(access.token, None, access.expires_in)

    async def _with_refresh_token(
        self, uow: UnitOfWork, access_token: str, expires_in: int, session: SessionRecord
    ) -> TokenPair:
        refresh_token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
        await uow.refresh_tokens.add(
            RefreshTokenRecord(
                token_hash=hash_refresh_token(refresh_token),
                family_id=session.id,
                user_id=session.user_id,
                expires_at=session.expires_at,
            )
        )
        return TokenPair(access_token, refresh_token, expires_in)


def _bounded(address: str | None) -> str | None:
    return address[:ADDRESS_MAX] if address else None
