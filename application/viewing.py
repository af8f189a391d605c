"""What a viewer sees of profiles, posts and comments, read from storage in a fixed number of
queries whatever the page size (no N+1)."""

from collections.abc import Sequence
from uuid import UUID

from application.lookups import missing_post
from application.ports.unit_of_work import UnitOfWork
from application.views import CommentView, PostView, ProfileView
from domain.comments import Comment
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


async def comment_views(
    uow: UnitOfWork, comments: Sequence[Comment], viewer_id: UUID | None
) -> list[CommentView]:
    authors = await profiles_of(uow, {c.author_id for c in comments}, viewer_id)
    return [CommentView.of(c, author=authors[c.author_id]) for c in comments]


async def view_post(uow: UnitOfWork, slug: str, viewer_id: UUID | None) -> PostView:
    """The post as the viewer sees it, including what this unit of work has written."""
    view = await uow.post_views.by_slug(slug, viewer_id)
    if view is None:
        raise missing_post(slug)
    return view
