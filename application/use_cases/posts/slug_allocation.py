import secrets

from application.ports.posts import PostRepository
from domain.slugs import RESERVED_SLUGS, slugify, with_suffix

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
