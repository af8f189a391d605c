from collections.abc import Collection
from typing import Protocol
from uuid import UUID


class FavoriteRepository(Protocol):
    async def add(self, user_id: UUID, post_id: UUID) -> bool:
        """Idempotent; whether the pair is new."""
        ...

    async def remove(self, user_id: UUID, post_id: UUID) -> bool:
        """Idempotent; whether there was such a pair."""
        ...

    async def counts(self, post_ids: Collection[UUID]) -> dict[UUID, int]:
        """Favorites per post; posts without favorites may be absent."""
        ...

    async def favorited_among(self, user_id: UUID, post_ids: Collection[UUID]) -> set[UUID]: ...
