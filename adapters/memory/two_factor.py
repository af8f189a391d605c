from dataclasses import replace
from datetime import datetime
from uuid import UUID

from adapters.memory.store import Journal, MemoryStore
from application.ports.two_factor import TwoFactorRecord, TwoFactorStore


class MemoryTwoFactorStore(TwoFactorStore):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def get(self, user_id: UUID) -> TwoFactorRecord | None:
        return self._store.two_factor.get(user_id)

    async def put(self, record: TwoFactorRecord) -> None:
        self._journal.put(self._store.two_factor, record.user_id, record)

    async def delete(self, user_id: UUID) -> None:
        self._journal.pop(self._store.two_factor, user_id)
        for key in [k for k in self._store.recovery_codes if k[0] == user_id]:
            self._journal.pop(self._store.recovery_codes, key)

    async def claim_step(self, user_id: UUID, step: int) -> bool:
        record = self._store.two_factor.get(user_id)
        if record is None or (record.last_step is not None and record.last_step >= step):
            return False
        self._journal.put(self._store.two_factor, user_id, replace(record, last_step=step))
        return True

    async def replace_recovery_codes(self, user_id: UUID, code_hashes: list[str]) -> None:
        for key in [k for k in self._store.recovery_codes if k[0] == user_id]:
            self._journal.pop(self._store.recovery_codes, key)
        for code_hash in code_hashes:
            self._journal.put(self._store.recovery_codes, (user_id, code_hash), None)

    async def use_recovery_code(self, user_id: UUID, code_hash: str, at: datetime) -> bool:
        key = (user_id, code_hash)
        if key not in self._store.recovery_codes or self._store.recovery_codes[key] is not None:
            return False
        self._journal.put(self._store.recovery_codes, key, at)
        return True

    async def recovery_codes_left(self, user_id: UUID) -> int:
        codes = self._store.recovery_codes
        return sum(1 for (owner, _), used in codes.items() if owner == user_id and used is None)
