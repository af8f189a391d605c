"""Turns stored posts and comments into views in a fixed number of queries, whatever the
page size (no N+1)."""

from collections.abc import Sequence
from uuid import UUID

from application.paging import PageQuery, Slice
from application.ports.post_views import PostViewQueries
from application.ports.posts import PostCriteria
from application.ports.unit_of_work import UnitOfWork
from application.views import CommentView, PostView, ProfileView
from domain.comments import Comment
from domain.posts import Post
from domain.users import User


async def profiles_of(
    uow: UnitOfWork, user_ids: set[UUID], viewer_id: UUID | None
) -> dict[UUID, ProfileView]:
    users: dict[UUID, User] = await uow.users.get_many(user_ids)
    followed: set[UUID] = set()
    if viewer_id is not None:
        followed = await uow.follows.followed_among(viewer_id, user_ids)
    return {
        user_id: ProfileView.of(user, following=user_id in followed)
        for user_id, user in users.items()
    }


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


async def comment_views(
    uow: UnitOfWork, comments: Sequence[Comment], viewer_id: UUID | None
) -> list[CommentView]:
    authors = await profiles_of(uow, {c.author_id for c in comments}, viewer_id)
    return [CommentView.of(c, author=authors[c.author_id]) for c in comments]


class AssembledPostViews(PostViewQueries):
    """Post views from the repositories of a unit of work, in a fixed number of queries."""

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
