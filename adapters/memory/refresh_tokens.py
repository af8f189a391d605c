from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from uuid import UUID

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

    async def revoke_family(self, family_id: UUID) -> None:
        self._revoke_where(lambda r: r.family_id == family_id)

    async def revoke_user(self, user_id: UUID) -> None:
        self._revoke_where(lambda r: r.user_id == user_id)

    def _revoke_where(self, matches: Callable[[RefreshTokenRecord], bool]) -> None:
        for token_hash in [h for h, r in self._store.refresh_tokens.items() if matches(r)]:
            self._journal.pop(self._store.refresh_tokens, token_hash)
