"""What live updates read to render and route an event: each query its own short unit of
work, run once per event per serving process (not once per connection)."""

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from application.assembly import comment_views, profiles_of
from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import CommentView, PostView, ProfileView


@dataclass(frozen=True)
class CommentOnPost:
    comment: CommentView
    post_slug: str
    post_author_id: UUID


class LiveQueries:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def post(self, post_id: UUID) -> PostView | None:
        """As an anonymous reader sees it: no viewer's flags."""
        async with self._uow() as uow:
            return await uow.post_views.by_id(post_id, None)

    async def post_id(self, slug: str) -> UUID | None:
        async with self._uow() as uow:
            post = await uow.posts.by_slug(slug)
        return post.id if post else None

    async def comment_on_post(self, comment_id: int, post_id: UUID) -> CommentOnPost | None:
        async with self._uow() as uow:
            comment, post = await uow.comments.get(comment_id), await uow.posts.get(post_id)
            if comment is None or post is None:
                return None
            [view] = await comment_views(uow, [comment], None)
        return CommentOnPost(view, post.slug, post.author_id)

    async def profile(self, user_id: UUID) -> ProfileView | None:
        async with self._uow() as uow:
            return (await profiles_of(uow, {user_id}, None)).get(user_id)

    async def followers_among(self, followee_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        async with self._uow() as uow:
            return await uow.follows.followers_among(followee_id, candidates)

    async def followed_among(self, follower_id: UUID, candidates: Collection[UUID]) -> set[UUID]:
        async with self._uow() as uow:
            return await uow.follows.followed_among(follower_id, candidates)
