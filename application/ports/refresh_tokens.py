from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class RefreshTokenRecord:
    """What is stored of a refresh token: its hash, never the token itself. Its family is a
    session (SessionStore), whose end takes the family with it."""

    token_hash: str
    family_id: UUID
    user_id: UUID
    expires_at: datetime
    used_at: datetime | None = None  # when it was rotated (or logged out); None: unused

    @property
    def used(self) -> bool:
        return self.used_at is not None


class RefreshTokenStore(Protocol):
    async def add(self, record: RefreshTokenRecord) -> None: ...

    async def consume(self, token_hash: str, now: datetime) -> RefreshTokenRecord | None:
        """Atomically marks the token used at `now`. Returns the record as it was before:
        `used_at` set means it had already been consumed then (a reuse). None when no such
        token is stored. Of two concurrent consumes of one token, exactly one sees it unused."""
        ...
