from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.paging import PageQuery, Slice
from domain.comments import Comment


class CommentRepository(Protocol):
    async def add(
        self, *, post_id: UUID, author_id: UUID, body: str, created_at: datetime
    ) -> Comment:
        """Stores the comment and returns it with its new positive id."""
        ...

    async def get(self, comment_id: int) -> Comment | None: ...

    async def delete(self, comment_id: int) -> None: ...

    async def list_for_post(self, post_id: UUID, page: PageQuery) -> Slice[Comment]:
        """Oldest first, ties broken by id."""
        ...
