from collections.abc import Sequence
from typing import Protocol

from application.ports.signing_keys import SigningKey


class KeyRing(Protocol):
    """The keys a process signs and verifies tokens with, held in memory."""

    def load(self, keys: Sequence[SigningKey]) -> None:
        """Takes the store's keys as they are now. Raises ValueError when the active key's
        private part does not open."""
        ...
