from adapters.memory.store import Journal, MemoryStore
from application.ports.signing_keys import SigningKey, SigningKeyStore, refuse_a_second_active
from domain.errors import AlreadyExists


class MemorySigningKeyStore(SigningKeyStore):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def all(self) -> list[SigningKey]:
        return sorted(self._store.signing_keys.values(), key=lambda k: k.age_order)

    async def add(self, key: SigningKey) -> None:
        keys = self._store.signing_keys
        if key.kid in keys:
            raise AlreadyExists("A signing key with this kid exists.", field="kid")
        refuse_a_second_active(key, keys.values())
        self._journal.put(keys, key.kid, key)

    async def update(self, key: SigningKey) -> None:
        keys = self._store.signing_keys
        stored = keys.get(key.kid)
        if stored is None:
            return
        refuse_a_second_active(key, (k for k in keys.values() if k.kid != key.kid))
        self._journal.put(keys, key.kid, stored.in_state_of(key))
