from collections.abc import Collection
from typing import Protocol
from uuid import UUID


class FollowRepository(Protocol):
    async def add(self, follower_id: UUID, followee_id: UUID) -> bool:
        """Idempotent; whether the pair is new."""
        ...

    async def remove(self, follower_id: UUID, followee_id: UUID) -> bool:
        """Idempotent; whether there was such a pair."""
        ...

    async def followed_among(self, follower_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        """The candidates that the follower follows."""
        ...

    async def followers_among(self, followee_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        """The candidates that follow the followee."""
        ...
