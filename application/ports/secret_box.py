from typing import Protocol


class SecretBox(Protocol):
    """Seals secrets for storage under a key the database never holds."""

    def seal(self, plain: str) -> str: ...

    def open(self, sealed: str) -> str:
        """Raises ValueError when `sealed` was not sealed under this key."""
        ...
