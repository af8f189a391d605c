from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID


class TokenPurpose(StrEnum):
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a purpose, not a secret)
    EMAIL_VERIFICATION = "email_verification"


@dataclass(frozen=True)
class OneTimeToken:
    """What is stored of a single-use token: its hash, never the token itself. `email` is the
    address it was mailed to; `event_id` the event it was issued for (one token per event, so
    a redelivered event replaces its token instead of adding one)."""

    token_hash: str
    purpose: TokenPurpose
    user_id: UUID
    email: str
    event_id: UUID
    issued_at: datetime
    expires_at: datetime


class OneTimeTokenStore(Protocol):
    async def add(self, token: OneTimeToken) -> None:
        """Replaces a token issued for the same event, if any."""
        ...

    async def find(
        self, token_hash: str, purpose: TokenPurpose, now: datetime
    ) -> OneTimeToken | None:
        """The token if it exists for `purpose` and has not expired, left in place."""
        ...

    async def consume(
        self, token_hash: str, purpose: TokenPurpose, now: datetime
    ) -> OneTimeToken | None:
        """Removes and returns the token if it exists for `purpose` and has not expired; of
        two concurrent consumes of one token, one gets it."""
        ...

    async def issued_since(
        self, user_id: UUID, purpose: TokenPurpose, since: datetime, *, other_than: UUID
    ) -> int:
        """Tokens issued to the user for `purpose` from `since` on, except the one for the
        event `other_than` (a redelivery of an event does not count against its own limit)."""
        ...

    async def revoke_user(self, user_id: UUID, purpose: TokenPurpose) -> None: ...
