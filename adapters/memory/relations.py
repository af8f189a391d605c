"""Follows and favorites: idempotent pairs."""

from collections import Counter
from collections.abc import Collection
from datetime import UTC, datetime
from uuid import UUID

from adapters.memory.store import Journal, MemoryStore
from application.ports.favorites import FavoriteRepository
from application.ports.follows import FollowRepository
from domain.errors import NotFound


class MemoryFollowRepository(FollowRepository):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(self, follower_id: UUID, followee_id: UUID) -> bool:
        if follower_id not in self._store.users or followee_id not in self._store.users:
            raise NotFound("No such user.")
        if (follower_id, followee_id) in self._store.follows:
            return False
        self._journal.put(self._store.follows, (follower_id, followee_id), datetime.now(UTC))
        return True

    async def remove(self, follower_id: UUID, followee_id: UUID) -> bool:
        if (follower_id, followee_id) not in self._store.follows:
            return False
        self._journal.pop(self._store.follows, (follower_id, followee_id))
        return True

    async def followed_among(self, follower_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        return {c for c in candidates if (follower_id, c) in self._store.follows}

    async def followers_among(self, followee_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        return {c for c in candidates if (c, followee_id) in self._store.follows}


class MemoryFavoriteRepository(FavoriteRepository):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(self, user_id: UUID, post_id: UUID) -> bool:
        if user_id not in self._store.users or post_id not in self._store.posts:
            raise NotFound("No such user or post.")
        if (user_id, post_id) in self._store.favorites:
            return False
        self._journal.put(self._store.favorites, (user_id, post_id), datetime.now(UTC))
        return True

    async def remove(self, user_id: UUID, post_id: UUID) -> bool:
        if (user_id, post_id) not in self._store.favorites:
            return False
        self._journal.pop(self._store.favorites, (user_id, post_id))
        return True

    async def counts(self, post_ids: Collection[UUID]) -> dict[UUID, int]:
        wanted = set(post_ids)
        return dict(Counter(p for (_, p) in self._store.favorites if p in wanted))

    async def favorited_among(self, user_id: UUID, post_ids: Collection[UUID]) -> set[UUID]:
        return {p for p in post_ids if (user_id, p) in self._store.favorites}
