from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class IssuedAccessToken:
    token: str
    expires_in: int  # seconds


@dataclass(frozen=True)
class VerifiedAccessToken:
    user_id: UUID
    expires_at: datetime
    session_id: UUID | None  # None in a token issued before sessions were kept
    authenticated_at: datetime | None  # its `auth_time`; None in a token from before then too


class AccessTokens(Protocol):
    def issue(
        self, user_id: UUID, session_id: UUID, authenticated_at: datetime
    ) -> IssuedAccessToken:
        """A signed access token for the user in one of their sessions, whose holder last
        proved who they are at `authenticated_at`, for this API only (its audience)."""
        ...

    def verify(self, token: str) -> VerifiedAccessToken:
        """Whom the token was issued to, and until when. Raises AuthenticationFailed for any
        token that is not a valid, unexpired access token of this service."""
        ...
