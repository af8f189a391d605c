"""How many password hashes wait or run: a login storm shows here before it shows as latency."""

from adapters.security.argon2_hasher import Argon2PasswordHasher
from application.ports.password_hasher import PasswordHasher
from entrypoints.observability.metrics.instruments import PASSWORD_HASHES


class MeteredPasswordHasher(PasswordHasher):
    """Counts each hash and verification while it is queued or running."""

    def __init__(self, inner: Argon2PasswordHasher) -> None:
        self._inner = inner

    async def hash(self, password: str) -> str:
        with PASSWORD_HASHES.track_inprogress():
            return await self._inner.hash(password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        with PASSWORD_HASHES.track_inprogress():
            return await self._inner.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._inner.needs_rehash(password_hash)

    def close(self) -> None:
        self._inner.close()
