from typing import Protocol


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True when the password matches. With no hash (unknown account) it still spends the
        time of a real verification against a dummy hash, then returns False."""
        ...

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with parameters other than the configured ones."""
        ...
