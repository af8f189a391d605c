from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from application.paging import PageQuery, Slice
from domain.posts import Post


@dataclass(frozen=True)
class PostCriteria:
    """Filters for listing posts; all given filters must hold."""

    author_id: UUID | None = None
    tag: str | None = None
    favorited_by: UUID | None = None
    followed_by: UUID | None = None
    text: str | None = None


@dataclass(frozen=True)
class TagCount:
    name: str
    count: int


class PostRepository(Protocol):
    async def add(self, post: Post) -> None:
        """Raises AlreadyExists when the slug is taken."""
        ...

    async def update(self, post: Post, previous_version: int) -> None:
        """Saves the post if it is still at `previous_version`, else raises StaleVersion.
        Raises AlreadyExists when the new slug is taken."""
        ...

    async def delete(self, post_id: UUID) -> bool:
        """Deletes the post with its comments and favorites; whether it was still there (of
        two concurrent deletes of one post, one finds it)."""
        ...

    async def by_slug(self, slug: str, *, for_update: bool = False) -> Post | None:
        """`for_update` locks the post until the unit of work ends, so concurrent editors
        take turns: each reads what the one before it wrote."""
        ...

    async def get(self, post_id: UUID) -> Post | None: ...

    async def slug_taken(self, slug: str) -> bool: ...

    async def find(self, criteria: PostCriteria, page: PageQuery) -> Slice[Post]:
        """Newest first, ties broken by id."""
        ...

    async def tag_counts(self, limit: int) -> list[TagCount]:
        """Tags in use, most used first, then by name."""
        ...
