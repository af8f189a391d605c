"""The records a use case acts on, found by what a client names them by, or NotFound."""

from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound
from domain.posts import Post
from domain.users import Actor, User


def missing_post(slug: str) -> NotFound:
    return NotFound(f"No post with slug {slug!r}.", resource="post")


async def load_post(uow: UnitOfWork, slug: str, *, for_update: bool = False) -> Post:
    post = await uow.posts.by_slug(slug, for_update=for_update)
    if post is None:
        raise missing_post(slug)
    return post


async def load_managed_user(uow: UnitOfWork, actor: Actor, username: str) -> User:
    """The account an admin acts on, after checking the actor may manage it."""
    actor.ensure_admin()
    user = await uow.users.by_username(username)
    if user is None:
        raise NotFound(f"No user named {username!r}.", resource="user")
    actor.ensure_administers_other(user.id)
    return user
