from application.ports.unit_of_work import UnitOfWork
from domain.errors import NotFound
from domain.posts import Post


async def load_post(uow: UnitOfWork, slug: str) -> Post:
    post = await uow.posts.by_slug(slug)
    if post is None:
        raise NotFound(f"No post with slug {slug!r}.", resource="post")
    return post
