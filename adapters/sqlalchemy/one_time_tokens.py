from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import delete, func, insert, select

from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.tables import one_time_tokens
from application.ports.one_time_tokens import OneTimeToken, OneTimeTokenStore, TokenPurpose

_COLUMNS = tuple(one_time_tokens.c)


def _token(row: Any) -> OneTimeToken:
    return OneTimeToken(
        token_hash=row.token_hash,
        purpose=TokenPurpose(row.purpose),
        user_id=row.user_id,
        email=row.email,
        event_id=row.event_id,
        issued_at=row.issued_at,
        expires_at=row.expires_at,
    )


def _usable(token_hash: str, purpose: TokenPurpose, now: datetime) -> tuple[Any, ...]:
    return (
        one_time_tokens.c.token_hash == token_hash,
        one_time_tokens.c.purpose == purpose.value,
        one_time_tokens.c.expires_at > now,
    )


class SqlOneTimeTokenStore(OneTimeTokenStore):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(self, token: OneTimeToken) -> None:
        await self._conn.execute(
            delete(one_time_tokens).where(one_time_tokens.c.event_id == token.event_id)
        )
        await self._conn.execute(
            insert(one_time_tokens).values(
                token_hash=token.token_hash,
                purpose=token.purpose.value,
                user_id=token.user_id,
                email=token.email,
                event_id=token.event_id,
                issued_at=token.issued_at,
                expires_at=token.expires_at,
            )
        )

    async def find(
        self, token_hash: str, purpose: TokenPurpose, now: datetime
    ) -> OneTimeToken | None:
        row = (
            await self._conn.execute(select(*_COLUMNS).where(*_usable(token_hash, purpose, now)))
        ).first()
        return _token(row) if row else None

    async def consume(
        self, token_hash: str, purpose: TokenPurpose, now: datetime
    ) -> OneTimeToken | None:
        # One DELETE ... RETURNING: of two concurrent consumers only one deletes the row.
        row = (
            await self._conn.execute(
                delete(one_time_tokens)
                .where(*_usable(token_hash, purpose, now))
                .returning(*_COLUMNS)
            )
        ).first()
        return _token(row) if row else None

    async def issued_since(
        self, user_id: UUID, purpose: TokenPurpose, since: datetime, *, other_than: UUID
    ) -> int:
        count = await self._conn.scalar(
            select(func.count()).where(
                one_time_tokens.c.user_id == user_id,
                one_time_tokens.c.purpose == purpose.value,
                one_time_tokens.c.issued_at >= since,
                one_time_tokens.c.event_id != other_than,
            )
        )
        return int(count or 0)

    async def revoke_user(self, user_id: UUID, purpose: TokenPurpose) -> None:
        await self._conn.execute(
            delete(one_time_tokens).where(
                one_time_tokens.c.user_id == user_id, one_time_tokens.c.purpose == purpose.value
            )
        )
