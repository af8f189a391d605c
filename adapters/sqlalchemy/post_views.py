"""Post views in one statement (two on SQLite, which has no ordered aggregate for the tags):
author, favorites count, the viewer's flags and the tags come as columns of the post's row."""

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import Select, exists, func, select

from adapters.sqlalchemy.connection import SharedConnection
from adapters.sqlalchemy.paging import paged, total_of
from adapters.sqlalchemy.posts import post_conditions, tag_column, tags_of
from adapters.sqlalchemy.tables import favorites, follows, posts, users
from application.paging import PageQuery, Slice
from application.ports.post_views import PostViewQueries
from application.ports.posts import PostCriteria
from application.views import PostView, ProfileView

_FAVORITES_COUNT = (
    select(func.count())
    .where(favorites.c.post_id == posts.c.id)
    .scalar_subquery()
    .label("favorites_count")
)


class SqlPostViews(PostViewQueries):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def by_slug(self, slug: str, viewer_id: UUID | None) -> PostView | None:
        query = self._views_query(viewer_id).where(posts.c.slug == slug)
        views = await self._views((await self._conn.execute(query)).all(), viewer_id)
        return views[0] if views else None

    async def find(
        self, criteria: PostCriteria, page: PageQuery, viewer_id: UUID | None
    ) -> Slice[PostView]:
        conditions = post_conditions(criteria)
        query = paged(
            self._views_query(viewer_id).where(*conditions),
            page,
            posts.c.created_at,
            posts.c.id,
            newest_first=True,
        )
        rows = (await self._conn.execute(query)).all()
        total = None
        if page.with_total:
            total = await total_of(self._conn, select(posts.c.id).where(*conditions))
        return Slice(
            await self._views(rows[: page.limit], viewer_id), len(rows) > page.limit, total
        )

    def _views_query(self, viewer_id: UUID | None) -> Select[Any]:
        columns: list[Any] = [
            posts,
            users.c.username.label("author_username"),
            users.c.bio.label("author_bio"),
            users.c.image.label("author_image"),
            _FAVORITES_COUNT,
        ]
        if viewer_id is not None:
            columns += [
                exists()
                .where(favorites.c.post_id == posts.c.id, favorites.c.user_id == viewer_id)
                .label("favorited"),
                exists()
                .where(
                    follows.c.follower_id == viewer_id, follows.c.followee_id == posts.c.author_id
                )
                .label("following"),
            ]
        if (tags := tag_column(self._conn)) is not None:
            columns.append(tags)
        return select(*columns).join_from(posts, users, users.c.id == posts.c.author_id)

    async def _views(self, rows: Sequence[Any], viewer_id: UUID | None) -> list[PostView]:
        tags = await tags_of(self._conn, rows)
        viewing = viewer_id is not None
        return [
            PostView(
                id=row.id,
                slug=row.slug,
                title=row.title,
                description=row.description,
                body=row.body,
                tags=tags[row.id],
                author=ProfileView(
                    row.author_username,
                    row.author_bio,
                    row.author_image,
                    following=viewing and bool(row.following),
                ),
                created_at=row.created_at,
                updated_at=row.updated_at,
                favorited=viewing and bool(row.favorited),
                favorites_count=row.favorites_count,
                version=row.version,
            )
            for row in rows
        ]
