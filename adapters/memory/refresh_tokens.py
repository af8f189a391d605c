from dataclasses import replace
from datetime import datetime

from adapters.memory.store import Journal, MemoryStore
from application.ports.refresh_tokens import RefreshTokenRecord, RefreshTokenStore


class MemoryRefreshTokenStore(RefreshTokenStore):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(self, record: RefreshTokenRecord) -> None:
        self._journal.put(self._store.refresh_tokens, record.token_hash, record)

    async def consume(self, token_hash: str, now: datetime) -> RefreshTokenRecord | None:
        # Atomic because the unit of work holds the store's lock.
        record = self._store.refresh_tokens.get(token_hash)
        if record is not None and not record.used:
            self._journal.put(self._store.refresh_tokens, token_hash, replace(record, used_at=now))
        return record
