"""Sessions: an access token plus a rotating refresh token from one family (RFC 9700 4.14.2)."""

import secrets
from datetime import timedelta
from uuid import UUID

from application.ports.access_tokens import AccessTokens
from application.ports.clock import Clock
from application.ports.ids import IdGenerator
from application.ports.refresh_tokens import RefreshTokenRecord
from application.ports.unit_of_work import UnitOfWork
from application.single_use_tokens import hash_token
from application.views import TokenPair

REFRESH_TOKEN_BYTES = 32


def hash_refresh_token(token: str) -> str:
    return hash_token(token)


class SessionIssuer:
    """Issues sessions. Configured without a refresh-token lifetime it issues access tokens
    alone, for clients that have no refresh flow."""

    def __init__(
        self,
        access_tokens: AccessTokens,
        clock: Clock,
        ids: IdGenerator,
        refresh_token_lifetime: timedelta | None,
    ) -> None:
        self._access_tokens = access_tokens
        self._clock = clock
        self._ids = ids
        self._refresh_lifetime = refresh_token_lifetime

    async def issue(
        self, uow: UnitOfWork, user_id: UUID, family: RefreshTokenRecord | None = None
    ) -> TokenPair:
        """A new session, or the next token of `family`; a family keeps its absolute expiry."""
        access = self._access_tokens.issue(user_id)
        if self._refresh_lifetime is None:
            return TokenPair(access.token, None, access.expires_in)
        refresh_token = secrets.token_urlsafe(REFRESH_TOKEN_BYTES)
        if family is None:
            family_id, expires_at = self._ids.new_id(), self._clock.now() + self._refresh_lifetime
        else:
            family_id, expires_at = family.family_id, family.expires_at
        await uow.refresh_tokens.add(
            RefreshTokenRecord(
                token_hash=hash_refresh_token(refresh_token),
                family_id=family_id,
                user_id=user_id,
                expires_at=expires_at,
            )
        )
        return TokenPair(access.token, refresh_token, access.expires_in)
