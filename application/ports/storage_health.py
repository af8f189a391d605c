from typing import Protocol


class StorageHealth(Protocol):
    async def ping(self) -> None:
        """Returns when storage answers; raises otherwise."""
        ...
