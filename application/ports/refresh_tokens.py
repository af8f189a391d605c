from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class RefreshTokenRecord:
    """What is stored of a refresh token: its hash, never the token itself."""

    token_hash: str
    family_id: UUID
    user_id: UUID
    expires_at: datetime
    used: bool = False


class RefreshTokenStore(Protocol):
    async def add(self, record: RefreshTokenRecord) -> None: ...

    async def consume(self, token_hash: str) -> RefreshTokenRecord | None:
        """Atomically marks the token used. Returns the record as it was before: `used=True`
        means it had already been consumed (a reuse). None when no such token is stored.
        Of two concurrent consumes of one token, exactly one sees `used=False`."""
        ...

    async def revoke_family(self, family_id: UUID) -> None: ...

    async def revoke_user(self, user_id: UUID) -> None: ...
