from collections.abc import Sequence
from uuid import UUID

from application.paging import PageQuery, Slice
from application.ports.post_views import PostViewQueries
from application.ports.posts import PostCriteria
from application.ports.unit_of_work import UnitOfWork
from application.viewing import profiles_of
from application.views import PostView
from domain.posts import Post


async def post_views(
    uow: UnitOfWork, posts: Sequence[Post], viewer_id: UUID | None
) -> list[PostView]:
    if not posts:
        return []
    post_ids = [post.id for post in posts]
    authors = await profiles_of(uow, {post.author_id for post in posts}, viewer_id)
    counts = await uow.favorites.counts(post_ids)
    favorited: set[UUID] = set()
    if viewer_id is not None:
        favorited = await uow.favorites.favorited_among(viewer_id, post_ids)
    return [
        PostView.of(
            post,
            author=authors[post.author_id],
            favorited=post.id in favorited,
            favorites_count=counts.get(post.id, 0),
        )
        for post in posts
    ]


class MemoryPostViews(PostViewQueries):
    """The memory backend's read side: post views from the repositories of a unit of work, in
    a fixed number of queries whatever the page size (the SQL backend reads them in one
    statement, sqlalchemy/post_views.py; the contract suite holds the two to the same answers)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow

    async def by_slug(self, slug: str, viewer_id: UUID | None) -> PostView | None:
        post = await self._uow.posts.by_slug(slug)
        if post is None:
            return None
        [view] = await post_views(self._uow, [post], viewer_id)
        return view

    async def by_id(self, post_id: UUID, viewer_id: UUID | None) -> PostView | None:
        post = await self._uow.posts.get(post_id)
        if post is None:
            return None
        [view] = await post_views(self._uow, [post], viewer_id)
        return view

    async def find(
        self, criteria: PostCriteria, page: PageQuery, viewer_id: UUID | None
    ) -> Slice[PostView]:
        rows = await self._uow.posts.find(criteria, page)
        views = await post_views(self._uow, rows.items, viewer_id)
        return Slice(views, rows.has_more, rows.total)
