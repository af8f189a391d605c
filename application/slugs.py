import secrets
from collections.abc import Awaitable, Callable
from typing import TypeVar

from application.ports.posts import PostRepository
from domain.errors import AlreadyExists
from domain.slugs import RESERVED_SLUGS, slugify, with_suffix

T = TypeVar("T")
_ATTEMPTS = 5


async def allocate_slug(posts: PostRepository, title: str) -> str:
    """The title's slug, or, when another post has it, the slug with a short random suffix."""
    base = slugify(title)
    candidate = base
    for _ in range(_ATTEMPTS):
        if candidate not in RESERVED_SLUGS and not await posts.slug_taken(candidate):
            return candidate
        candidate = with_suffix(base, secrets.token_hex(3))
    # Five collisions of 24 random bits are practically impossible; a longer suffix settles it.
    return with_suffix(base, secrets.token_hex(8))


async def retrying_slug_conflicts(unit: Callable[[], Awaitable[T]]) -> T:
    """Runs a unit of work that allocates a slug, again if a concurrent one took the same slug
    first (the unique constraint refused it): the next run sees that slug as taken."""
    for _ in range(_ATTEMPTS - 1):
        try:
            return await unit()
        except AlreadyExists as e:
            if e.field != "slug":
                raise
    return await unit()
