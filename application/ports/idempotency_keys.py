from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class KeyState(StrEnum):
    IN_FLIGHT = "in_flight"  # the first request runs (or died before its change committed)
    COMMITTED = "committed"  # its change committed, in the change's own transaction
    ANSWERED = "answered"  # its response is stored, to be replayed


@dataclass(frozen=True)
class StoredResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass(frozen=True)
class IdempotencyRecord:
    """A request sent with an Idempotency-Key. `key_hash` names the key within its scope (the
    account or client address, method and path); `fingerprint` is the body's hash."""

    key_hash: str
    fingerprint: str
    state: KeyState
    held_until: datetime  # an IN_FLIGHT record older than this is a request that died
    expires_at: datetime
    response: StoredResponse | None = None


class IdempotencyKeyStore(Protocol):
    async def add_if_absent(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        """Stores `record` unless its key is stored and not expired at `now`; returns the
        stored one then (of two concurrent adds of one key, one stores its record)."""
        ...

    async def take_over(self, stale: IdempotencyRecord, record: IdempotencyRecord) -> bool:
        """Replaces `stale` (an IN_FLIGHT record past its hold, or an expired one) with
        `record`, unless another request replaced it first."""
        ...

    async def mark_committed(self, key_hash: str) -> None:
        """IN_FLIGHT -> COMMITTED, inside the unit of work that commits the change."""
        ...

    async def answer(self, key_hash: str, response: StoredResponse) -> bool:
        """COMMITTED -> ANSWERED with the response; False when no change committed."""
        ...

    async def forget_in_flight(self, key_hash: str) -> None:
        """Drops an IN_FLIGHT record: the request changed nothing, a repeat runs again."""
        ...

    async def purge_expired(self, now: datetime) -> int: ...
