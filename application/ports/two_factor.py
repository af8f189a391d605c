from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


@dataclass(frozen=True)
class TwoFactorRecord:
    """An account's TOTP secret, sealed (SecretBox), never stored in the clear. Unconfirmed
    until a first code proves the authenticator has it."""

    user_id: UUID
    sealed_secret: str
    confirmed_at: datetime | None = None
    last_step: int | None = None  # the latest time step a code was accepted for

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class TwoFactorStore(Protocol):
    async def get(self, user_id: UUID) -> TwoFactorRecord | None: ...

    async def put(self, record: TwoFactorRecord) -> None:
        """Adds the account's record or replaces it."""
        ...

    async def delete(self, user_id: UUID) -> None:
        """Removes the record and the account's recovery codes."""
        ...

    async def claim_step(self, user_id: UUID, step: int) -> bool:
        """Records that a code of `step` was accepted, unless one of that step or a later one
        was already: of two concurrent claims of one step, exactly one wins."""
        ...

    async def replace_recovery_codes(self, user_id: UUID, code_hashes: list[str]) -> None: ...

    async def use_recovery_code(self, user_id: UUID, code_hash: str, at: datetime) -> bool:
        """Marks the code used at `at`; False when it is unknown or used already."""
        ...

    async def recovery_codes_left(self, user_id: UUID) -> int: ...
