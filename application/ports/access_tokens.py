from dataclasses import dataclass
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class IssuedAccessToken:
    token: str
    expires_in: int  # seconds


class AccessTokens(Protocol):
    def issue(self, user_id: UUID) -> IssuedAccessToken:
        """A signed access token for the user, for this API only (its audience)."""
        ...

    def verify(self, token: str) -> UUID:
        """The user id the token was issued to. Raises AuthenticationFailed for any token that
        is not a valid, unexpired access token of this service."""
        ...
