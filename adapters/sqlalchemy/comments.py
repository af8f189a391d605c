from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select

from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.errors import translated_integrity_errors
from adapters.sqlalchemy.paging import paged, total_of
from adapters.sqlalchemy.tables import comments
from application.paging import PageQuery, Slice
from application.ports.comments import CommentRepository
from domain.comments import Comment


def _comment(row: Any) -> Comment:
    return Comment(row.id, row.post_id, row.author_id, row.body, row.created_at)


class SqlCommentRepository(CommentRepository):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(
        self, *, post_id: UUID, author_id: UUID, body: str, created_at: datetime
    ) -> Comment:
        async with translated_integrity_errors({}):
            comment_id = await self._conn.scalar(
                insert(comments)
                .values(post_id=post_id, author_id=author_id, body=body, created_at=created_at)
                .returning(comments.c.id)
            )
        assert comment_id is not None
        return Comment(comment_id, post_id, author_id, body, created_at)

    async def get(self, comment_id: int) -> Comment | None:
        row = (
            await self._conn.execute(select(comments).where(comments.c.id == comment_id))
        ).first()
        return _comment(row) if row else None

    async def delete(self, comment_id: int) -> None:
        await self._conn.execute(delete(comments).where(comments.c.id == comment_id))

    async def list_for_post(self, post_id: UUID, page: PageQuery) -> Slice[Comment]:
        query = select(comments).where(comments.c.post_id == post_id)
        rows = (
            await self._conn.execute(
                paged(query, page, comments.c.created_at, comments.c.id, newest_first=False)
            )
        ).all()
        items, has_more = [_comment(r) for r in rows[: page.limit]], len(rows) > page.limit
        total = await total_of(self._conn, query, page, len(items), has_more)
        return Slice(items, has_more, total)
