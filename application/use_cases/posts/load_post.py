from uuid import UUID

from application.ports.unit_of_work import UnitOfWork
from application.views import PostView
from domain.errors import NotFound
from domain.posts import Post


def _missing(slug: str) -> NotFound:
    return NotFound(f"No post with slug {slug!r}.", resource="post")


async def load_post(uow: UnitOfWork, slug: str, *, for_update: bool = False) -> Post:
    post = await uow.posts.by_slug(slug, for_update=for_update)
    if post is None:
        raise _missing(slug)
    return post


async def view_post(uow: UnitOfWork, slug: str, viewer_id: UUID | None) -> PostView:
    """The post as the viewer sees it, including what this unit of work has written."""
    view = await uow.post_views.by_slug(slug, viewer_id)
    if view is None:
        raise _missing(slug)
    return view
