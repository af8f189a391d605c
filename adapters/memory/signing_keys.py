from collections.abc import Iterable

from adapters.memory.store import Journal, MemoryStore
from application.ports.signing_keys import KeyState, SigningKey, SigningKeyStore
from domain.errors import AlreadyExists


class MemorySigningKeyStore(SigningKeyStore):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def all(self) -> list[SigningKey]:
        return list(self._store.signing_keys.values())

    async def add(self, key: SigningKey) -> None:
        keys = self._store.signing_keys
        if key.kid in keys:
            raise AlreadyExists("A signing key with this kid exists.", field="kid")
        if key.state is KeyState.ACTIVE and _active(keys.values()):
            raise AlreadyExists("Another signing key is active.", field="state")
        self._journal.put(keys, key.kid, key)

    async def update(self, key: SigningKey) -> None:
        others = (k for k in self._store.signing_keys.values() if k.kid != key.kid)
        if key.state is KeyState.ACTIVE and _active(others):
            raise AlreadyExists("Another signing key is active.", field="state")
        self._journal.put(self._store.signing_keys, key.kid, key)


def _active(keys: Iterable[SigningKey]) -> bool:
    return any(k.state is KeyState.ACTIVE for k in keys)
