from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.tables import refresh_tokens
from application.ports.refresh_tokens import RefreshTokenRecord, RefreshTokenStore

_COLUMNS = (
    refresh_tokens.c.token_hash,
    refresh_tokens.c.family_id,
    refresh_tokens.c.user_id,
    refresh_tokens.c.expires_at,
    refresh_tokens.c.used_at,
)


def _record(row: Any, *, used_at: datetime | None) -> RefreshTokenRecord:
    return RefreshTokenRecord(row.token_hash, row.family_id, row.user_id, row.expires_at, used_at)


class SqlRefreshTokenStore(RefreshTokenStore):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(self, record: RefreshTokenRecord) -> None:
        await self._conn.execute(
            insert(refresh_tokens).values(
                token_hash=record.token_hash,
                family_id=record.family_id,
                user_id=record.user_id,
                expires_at=record.expires_at,
                used_at=record.used_at,
            )
        )

    async def consume(self, token_hash: str, now: datetime) -> RefreshTokenRecord | None:
        # One conditional UPDATE: of two concurrent consumers only one matches `NOT used`
        # (PostgreSQL re-checks the row after the other commits; SQLite serialises writers).
        claimed = (
            await self._conn.execute(
                update(refresh_tokens)
                .where(
                    refresh_tokens.c.token_hash == token_hash, refresh_tokens.c.used_at.is_(None)
                )
                .values(used_at=now)
                .returning(*_COLUMNS)
            )
        ).first()
        if claimed is not None:
            return _record(claimed, used_at=None)
        reused = (
            await self._conn.execute(
                select(*_COLUMNS).where(refresh_tokens.c.token_hash == token_hash)
            )
        ).first()
        return _record(reused, used_at=reused.used_at) if reused else None
