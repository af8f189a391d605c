from typing import Protocol
from uuid import UUID

from application.paging import PageQuery, Slice
from application.ports.posts import PostCriteria
from application.views import PostView


class PostViewQueries(Protocol):
    """The read side of posts: posts as clients see them, with author, tags, favorites count
    and the viewer's flags. The memory backend builds them from the repositories
    (adapters/memory/post_views.py); a storage adapter may answer from fewer queries, and the
    contract suite holds it to the same answers."""

    async def by_slug(self, slug: str, viewer_id: UUID | None) -> PostView | None: ...

    async def by_id(self, post_id: UUID, viewer_id: UUID | None) -> PostView | None: ...

    async def find(
        self, criteria: PostCriteria, page: PageQuery, viewer_id: UUID | None
    ) -> Slice[PostView]:
        """Newest first, ties broken by id (as PostRepository.find)."""
        ...
