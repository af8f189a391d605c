from dataclasses import replace
from datetime import datetime

from adapters.memory.store import Journal, MemoryStore
from application.ports.idempotency_keys import (
    IdempotencyKeyStore,
    IdempotencyRecord,
    KeyState,
    StoredResponse,
)


class MemoryIdempotencyKeyStore(IdempotencyKeyStore):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add_if_absent(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        # Atomic because the unit of work holds the store's lock.
        stored = self._store.idempotency_keys.get(record.key_hash)
        if stored is None:
            self._journal.put(self._store.idempotency_keys, record.key_hash, record)
        return stored

    async def take_over(self, stale: IdempotencyRecord, record: IdempotencyRecord) -> bool:
        if self._store.idempotency_keys.get(stale.key_hash) != stale:
            return False
        self._journal.put(self._store.idempotency_keys, record.key_hash, record)
        return True

    async def mark_committed(self, key_hash: str) -> None:
        self._move(key_hash, KeyState.IN_FLIGHT, KeyState.COMMITTED)

    async def answer(self, key_hash: str, response: StoredResponse) -> bool:
        return self._move(key_hash, KeyState.COMMITTED, KeyState.ANSWERED, response)

    async def forget_in_flight(self, key_hash: str) -> None:
        stored = self._store.idempotency_keys.get(key_hash)
        if stored is not None and stored.state is KeyState.IN_FLIGHT:
            self._journal.pop(self._store.idempotency_keys, key_hash)

    async def purge_expired(self, now: datetime) -> int:
        keys = self._store.idempotency_keys
        expired = [key for key, record in keys.items() if record.expires_at <= now]
        for key in expired:
            self._journal.pop(keys, key)
        return len(expired)

    def _move(
        self,
        key_hash: str,
        from_state: KeyState,
        to_state: KeyState,
        response: StoredResponse | None = None,
    ) -> bool:
        stored = self._store.idempotency_keys.get(key_hash)
        if stored is None or stored.state is not from_state:
            return False
        changed = replace(stored, state=to_state, response=response or stored.response)
        self._journal.put(self._store.idempotency_keys, key_hash, changed)
        return True
