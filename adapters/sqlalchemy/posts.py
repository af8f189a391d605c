from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import Select, String, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.sql.elements import Label

from adapters.sqlalchemy.among import among
from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.errors import translated_integrity_errors
from adapters.sqlalchemy.paging import PageShape, bound_page, bounded_count, page_shape, page_values
from adapters.sqlalchemy.tables import favorites, follows, post_tags, posts
from application.paging import PageQuery, Slice, reported_total
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

    async def delete(self, post_id: UUID) -> bool:
        deleted = await self._conn.execute(delete(posts).where(posts.c.id == post_id))
        return bool(deleted.rowcount)

    async def by_slug(self, slug: str, *, for_update: bool = False) -> Post | None:
        query = self._with_tag_column(select(posts).where(posts.c.slug == slug))
        if for_update:
            # PostgreSQL locks the post's row; SQLite has no FOR UPDATE and needs none, as its
            # BEGIN IMMEDIATE already lets one writer in at a time.
            query = query.with_for_update(of=posts)
        row = (await self._conn.execute(query)).first()
        if row is None:
            return None
        [post] = await self._with_tags([row])
        return post

    async def get(self, post_id: UUID) -> Post | None:
        query = self._with_tag_column(select(posts).where(posts.c.id == post_id))
        row = (await self._conn.execute(query)).first()
        if row is None:
            return None
        [post] = await self._with_tags([row])
        return post

    async def slug_taken(self, slug: str) -> bool:
        return bool(await self._conn.scalar(select(exists().where(posts.c.slug == slug))))

    async def find(self, criteria: PostCriteria, page: PageQuery) -> Slice[Post]:
        columns = _post_columns(tag_column(self._conn))
        rows, has_more, total = await page_of_posts(self._conn, columns, criteria, page)
        return Slice(await self._with_tags(rows), has_more, total)

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

    def _with_tag_column(self, query: Select[Any]) -> Select[Any]:
        column = tag_column(self._conn)
        return query if column is None else query.add_columns(column)

    async def _with_tags(self, rows: Sequence[Any]) -> list[Post]:
        tags = await tags_of(self._conn, rows)
        return [
            Post(
                id=row.id,
                slug=row.slug,
                title=row.title,
                description=row.description,
                body=row.body,
                tags=tags[row.id],
                author_id=row.author_id,
                created_at=row.created_at,
                updated_at=row.updated_at,
                version=row.version,
            )
            for row in rows
        ]


@cache
def _post_columns(tags: Label[Any] | None) -> Select[Any]:
    """A post's columns and, where the backend has one (tag_column), its tags: built once,
    as page_of_posts needs."""
    return select(posts) if tags is None else select(posts).add_columns(tags)


_TAG_ARRAY = (
    select(func.array_agg(aggregate_order_by(post_tags.c.tag, post_tags.c.position)))
    .where(post_tags.c.post_id == posts.c.id)
    .scalar_subquery()
    .label("tags")
)


def tag_column(conn: SharedConnection) -> Label[Any] | None:
    """On PostgreSQL a post's tags come in its own row, as an ordered array: a statement
    fewer for every read of posts."""
    return _TAG_ARRAY if conn.dialect.name == "postgresql" else None


async def tags_of(conn: SharedConnection, rows: Sequence[Any]) -> dict[UUID, tuple[str, ...]]:
    """Each post row's tags in order: from the row's tag column where there is one (see
    tag_column), else from one query for all the rows."""
    if tag_column(conn) is not None:
        return {row.id: tuple(row.tags or ()) for row in rows}
    tags: dict[UUID, list[str]] = defaultdict(list)
    if rows:
        result = await conn.execute(
            select(post_tags.c.post_id, post_tags.c.tag)
            .where(among(conn, post_tags.c.post_id, [row.id for row in rows]))
            .order_by(post_tags.c.post_id, post_tags.c.position)
        )
        for post_id, tag in result:
            tags[post_id].append(tag)
    return {row.id: tuple(tags[row.id]) for row in rows}


async def page_of_posts(
    conn: SharedConnection,
    columns: Select[Any],
    criteria: PostCriteria,
    page: PageQuery,
    parameters: dict[str, Any] | None = None,
) -> tuple[Sequence[Any], bool, int | None]:
    """The rows of `columns` (a SELECT from posts, built once) for one page: the rows,
    whether more follow, and the total when the page asks for it. Both statements are built
    once per shape (which filters, which kind of page), their values bound."""
    filters = frozenset(name for name in _FILTERS if getattr(criteria, name) is not None)
    values = {**(parameters or {}), **_filter_values(criteria), **page_values(page)}
    rows = await conn.rows(_page_of(columns, filters, page_shape(page)), values)
    items, has_more = rows[: page.limit], len(rows) > page.limit
    if not page.with_total:
        return items, has_more, None
    [(counted,)] = await conn.rows(_count_of(filters), values)
    return items, has_more, reported_total(counted, page, len(items), has_more)


@cache
def _page_of(columns: Select[Any], filters: frozenset[str], shape: PageShape) -> Select[Any]:
    """`columns` for the posts of one page, newest first, plus one to tell if more follow.
    The page's ids are chosen first and the rows joined to them: PostgreSQL computes a SELECT
    list for every row an OFFSET skips, so selecting the full rows (with their subqueries)
    under OFFSET 50 000 computed them 50 000 times."""
    ids = bound_page(
        select(posts.c.id).where(*_conditions(filters)),
        shape,
        posts.c.created_at,
        posts.c.id,
        newest_first=True,
    ).subquery("page")
    return columns.join(ids, ids.c.id == posts.c.id).order_by(
        posts.c.created_at.desc(), posts.c.id.desc()
    )


@cache
def _count_of(filters: frozenset[str]) -> Select[Any]:
    return bounded_count(select(posts.c.id).where(*_conditions(filters)))


_FILTERS = ("author_id", "tag", "favorited_by", "followed_by", "text")


@cache
def _conditions(filters: frozenset[str]) -> tuple[Any, ...]:
    conditions: list[Any] = []
    if "author_id" in filters:
        conditions.append(posts.c.author_id == bindparam("author_id"))
    if "tag" in filters:
        conditions.append(
            exists().where(post_tags.c.post_id == posts.c.id, post_tags.c.tag == bindparam("tag"))
        )
    if "favorited_by" in filters:
        conditions.append(
            exists().where(
                favorites.c.post_id == posts.c.id, favorites.c.user_id == bindparam("favorited_by")
            )
        )
    if "followed_by" in filters:
        followed = select(follows.c.followee_id).where(
            follows.c.follower_id == bindparam("followed_by")
        )
        conditions.append(posts.c.author_id.in_(followed))
    if "text" in filters:
        pattern = func.lower(bindparam("text", type_=String))
        conditions.append(
            func.lower(posts.c.title).like(pattern, escape=_LIKE_ESCAPE)
            | func.lower(posts.c.description).like(pattern, escape=_LIKE_ESCAPE)
        )
    return tuple(conditions)


_LIKE_ESCAPE = "/"


def _filter_values(c: PostCriteria) -> dict[str, Any]:
    values = {name: getattr(c, name) for name in _FILTERS if getattr(c, name) is not None}
    if c.text is not None:  # a substring, its wildcards taken literally
        escaped = "".join(_LIKE_ESCAPE + ch if ch in "%_/" else ch for ch in c.text)
        values["text"] = f"%{escaped}%"
    return values
