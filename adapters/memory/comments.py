from datetime import datetime
from uuid import UUID

from adapters.memory.paging import page_of
from adapters.memory.store import Journal, MemoryStore
from application.paging import PageQuery, Slice
from application.ports.comments import CommentRepository
from domain.comments import Comment
from domain.errors import NotFound


class MemoryCommentRepository(CommentRepository):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(
        self, *, post_id: UUID, author_id: UUID, body: str, created_at: datetime
    ) -> Comment:
        if post_id not in self._store.posts or author_id not in self._store.users:
            raise NotFound("No such post or user.")
        comment = Comment(next(self._store.comment_ids), post_id, author_id, body, created_at)
        self._journal.put(self._store.comments, comment.id, comment)
        return comment

    async def get(self, comment_id: int) -> Comment | None:
        return self._store.comments.get(comment_id)

    async def delete(self, comment_id: int) -> None:
        self._journal.pop(self._store.comments, comment_id)

    async def list_for_post(self, post_id: UUID, page: PageQuery) -> Slice[Comment]:
        comments = (c for c in self._store.comments.values() if c.post_id == post_id)
        return page_of(comments, page, newest_first=False)
