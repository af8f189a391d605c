from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, insert, select, update

from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.tables import sessions
from application.ports.sessions import SessionRecord, SessionStore


def _session(row: Any) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        user_id=row.user_id,
        label=row.label,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        authenticated_at=row.authenticated_at,
        last_address=row.last_address,
        expires_at=row.expires_at,
    )


class SqlSessionStore(SessionStore):
    """Refresh tokens go with their session by the foreign key's ON DELETE CASCADE."""

    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(self, session: SessionRecord) -> None:
        await self._conn.execute(
            insert(sessions).values(
                id=session.id,
                user_id=session.user_id,
                label=session.label,
                created_at=session.created_at,
                last_used_at=session.last_used_at,
                authenticated_at=session.authenticated_at,
                last_address=session.last_address,
                expires_at=session.expires_at,
            )
        )

    async def used(self, session_id: UUID, at: datetime, address: str | None) -> None:
        await self._conn.execute(
            update(sessions)
            .where(sessions.c.id == session_id)
            .values(last_used_at=at, last_address=address)
        )

    async def authenticated(self, session_id: UUID, at: datetime) -> None:
        await self._conn.execute(
            update(sessions).where(sessions.c.id == session_id).values(authenticated_at=at)
        )

    async def get(self, session_id: UUID) -> SessionRecord | None:
        row = (
            await self._conn.execute(select(sessions).where(sessions.c.id == session_id))
        ).first()
        return _session(row) if row else None

    async def of_user(self, user_id: UUID, now: datetime) -> list[SessionRecord]:
        query = (
            select(sessions)
            .where(sessions.c.user_id == user_id, sessions.c.expires_at > now)
            .order_by(sessions.c.last_used_at.desc(), sessions.c.id.desc())
        )
        return [_session(row) for row in await self._conn.execute(query)]

    async def end(self, session_id: UUID) -> bool:
        ended = await self._conn.execute(
            delete(sessions).where(sessions.c.id == session_id).returning(sessions.c.id)
        )
        return ended.first() is not None

    async def end_all(self, user_id: UUID, *, keep: UUID | None = None) -> list[UUID]:
        query = delete(sessions).where(sessions.c.user_id == user_id)
        if keep is not None:
            query = query.where(sessions.c.id != keep)
        return [row.id for row in await self._conn.execute(query.returning(sessions.c.id))]

    async def purge_expired(self, before: datetime) -> int:
        purged = await self._conn.execute(
            delete(sessions).where(sessions.c.expires_at < before).returning(sessions.c.id)
        )
        return len(purged.all())
