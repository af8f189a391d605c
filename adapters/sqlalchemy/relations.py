"""Follows and favorites: idempotent pairs."""

from collections.abc import Collection
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import delete, func, select

from adapters.sqlalchemy.among import among
from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.errors import translated_integrity_errors
from adapters.sqlalchemy.tables import favorites, follows
from adapters.sqlalchemy.upsert import insert_ignoring_duplicates
from application.ports.favorites import FavoriteRepository
from application.ports.follows import FollowRepository


class SqlFollowRepository(FollowRepository):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(self, follower_id: UUID, followee_id: UUID) -> bool:
        async with translated_integrity_errors({}):
            return await insert_ignoring_duplicates(
                self._conn,
                follows,
                follower_id=follower_id,
                followee_id=followee_id,
                created_at=datetime.now(UTC),
            )

    async def remove(self, follower_id: UUID, followee_id: UUID) -> bool:
        removed = await self._conn.execute(
            delete(follows).where(
                follows.c.follower_id == follower_id, follows.c.followee_id == followee_id
            )
        )
        return bool(removed.rowcount)

    async def followed_among(self, follower_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        if not candidates:
            return set()
        result = await self._conn.execute(
            select(follows.c.followee_id).where(
                follows.c.follower_id == follower_id,
                among(self._conn, follows.c.followee_id, candidates),
            )
        )
        return set(result.scalars())

    async def followers_among(self, followee_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        if not candidates:
            return set()
        result = await self._conn.execute(
            select(follows.c.follower_id).where(
                follows.c.followee_id == followee_id,
                among(self._conn, follows.c.follower_id, candidates),
            )
        )
        return set(result.scalars())


class SqlFavoriteRepository(FavoriteRepository):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(self, user_id: UUID, post_id: UUID) -> bool:
        async with translated_integrity_errors({}):
            return await insert_ignoring_duplicates(
                self._conn,
                favorites,
                user_id=user_id,
                post_id=post_id,
                created_at=datetime.now(UTC),
            )

    async def remove(self, user_id: UUID, post_id: UUID) -> bool:
        removed = await self._conn.execute(
            delete(favorites).where(favorites.c.user_id == user_id, favorites.c.post_id == post_id)
        )
        return bool(removed.rowcount)

    async def counts(self, post_ids: Collection[UUID]) -> dict[UUID, int]:
        if not post_ids:
            return {}
        result = await self._conn.execute(
            select(favorites.c.post_id, func.count())
            .where(among(self._conn, favorites.c.post_id, post_ids))
            .group_by(favorites.c.post_id)
        )
        return {post_id: count for post_id, count in result}

    async def favorited_among(self, user_id: UUID, post_ids: Collection[UUID]) -> set[UUID]:
        if not post_ids:
            return set()
        result = await self._conn.execute(
            select(favorites.c.post_id).where(
                favorites.c.user_id == user_id,
                among(self._conn, favorites.c.post_id, post_ids),
            )
        )
        return set(result.scalars())
