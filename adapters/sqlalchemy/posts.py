from collections import defaultdict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import delete, exists, func, insert, select, update

from adapters.sqlalchemy.among import among
from adapters.sqlalchemy.connection import SharedConnection
from adapters.sqlalchemy.errors import translated_integrity_errors
from adapters.sqlalchemy.paging import paged, total_of
from adapters.sqlalchemy.tables import favorites, follows, post_tags, posts
from application.paging import PageQuery, Slice
from application.ports.posts import PostCriteria, PostRepository, TagCount
from domain.errors import NotFound, StaleVersion
from domain.posts import Post

_CONFLICTS = {"slug": ("That slug is already taken.", ("uq_posts_slug", "posts.slug"))}


def _values(post: Post) -> dict[str, Any]:
    return {
        "slug": post.slug,
        "title": post.title,
        "description": post.description,
        "body": post.body,
        "author_id": post.author_id,
        "created_at": post.created_at,
        "updated_at": post.updated_at,
        "version": post.version,
    }


class SqlPostRepository(PostRepository):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(self, post: Post) -> None:
        async with translated_integrity_errors(_CONFLICTS):
            await self._conn.execute(insert(posts).values(id=post.id, **_values(post)))
        await self._insert_tags(post)

    async def update(self, post: Post, previous_version: int) -> None:
        async with translated_integrity_errors(_CONFLICTS):
            result = await self._conn.execute(
                update(posts)
                .where(posts.c.id == post.id, posts.c.version == previous_version)
                .values(**_values(post))
            )
        if result.rowcount == 0:
            still_there = await self._conn.scalar(select(exists().where(posts.c.id == post.id)))
            raise StaleVersion() if still_there else NotFound("The post no longer exists.")
        await self._conn.execute(delete(post_tags).where(post_tags.c.post_id == post.id))
        await self._insert_tags(post)

    async def delete(self, post_id: UUID) -> None:
        await self._conn.execute(delete(posts).where(posts.c.id == post_id))

    async def by_slug(self, slug: str) -> Post | None:
        row = (await self._conn.execute(select(posts).where(posts.c.slug == slug))).first()
        if row is None:
            return None
        [post] = await self._with_tags([row])
        return post

    async def slug_taken(self, slug: str) -> bool:
        return bool(await self._conn.scalar(select(exists().where(posts.c.slug == slug))))

    async def find(self, criteria: PostCriteria, page: PageQuery) -> Slice[Post]:
        query = select(posts).where(*_conditions(criteria))
        rows = (
            await self._conn.execute(
                paged(query, page, posts.c.created_at, posts.c.id, newest_first=True)
            )
        ).all()
        total = await total_of(self._conn, query) if page.with_total else None
        items = await self._with_tags(rows[: page.limit])
        return Slice(items, len(rows) > page.limit, total)

    async def tag_counts(self, limit: int) -> list[TagCount]:
        uses = func.count().label("uses")
        query = (
            select(post_tags.c.tag, uses)
            .group_by(post_tags.c.tag)
            .order_by(uses.desc(), post_tags.c.tag)
            .limit(limit)
        )
        return [TagCount(tag, count) for tag, count in await self._conn.execute(query)]

    async def _insert_tags(self, post: Post) -> None:
        if post.tags:
            await self._conn.execute(
                insert(post_tags),
                [{"post_id": post.id, "tag": t, "position": i} for i, t in enumerate(post.tags)],
            )

    async def _with_tags(self, rows: Sequence[Any]) -> list[Post]:
        tags: dict[UUID, list[str]] = defaultdict(list)
        if rows:
            result = await self._conn.execute(
                select(post_tags.c.post_id, post_tags.c.tag)
                .where(among(self._conn, post_tags.c.post_id, [row.id for row in rows]))
                .order_by(post_tags.c.post_id, post_tags.c.position)
            )
            for post_id, tag in result:
                tags[post_id].append(tag)
        return [
            Post(
                id=row.id,
                slug=row.slug,
                title=row.title,
                description=row.description,
                body=row.body,
                tags=tuple(tags[row.id]),
                author_id=row.author_id,
                created_at=row.created_at,
                updated_at=row.updated_at,
                version=row.version,
            )
            for row in rows
        ]


def _conditions(c: PostCriteria) -> list[Any]:
    conditions: list[Any] = []
    if c.author_id is not None:
        conditions.append(posts.c.author_id == c.author_id)
    if c.tag is not None:
        conditions.append(
            exists().where(post_tags.c.post_id == posts.c.id, post_tags.c.tag == c.tag)
        )
    if c.favorited_by is not None:
        conditions.append(
            exists().where(favorites.c.post_id == posts.c.id, favorites.c.user_id == c.favorited_by)
        )
    if c.followed_by is not None:
        followed = select(follows.c.followee_id).where(follows.c.follower_id == c.followed_by)
        conditions.append(posts.c.author_id.in_(followed))
    if c.text is not None:
        conditions.append(
            posts.c.title.icontains(c.text, autoescape=True)
            | posts.c.description.icontains(c.text, autoescape=True)
        )
    return conditions
