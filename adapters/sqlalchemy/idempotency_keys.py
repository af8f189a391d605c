from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.tables import idempotency_keys
from adapters.sqlalchemy.upsert import insert_ignoring_duplicates
from application.ports.idempotency_keys import (
    IdempotencyKeyStore,
    IdempotencyRecord,
    KeyState,
    StoredResponse,
)

_TABLE = idempotency_keys


def _record(row: Any) -> IdempotencyRecord:
    response = (
        StoredResponse(row.status, tuple(tuple(pair) for pair in row.headers), row.body)
        if row.status is not None
        else None
    )
    return IdempotencyRecord(
        row.key_hash, row.fingerprint, KeyState(row.state), row.held_until, row.expires_at, response
    )


def _values(record: IdempotencyRecord) -> dict[str, Any]:
    return {
        "key_hash": record.key_hash,
        "fingerprint": record.fingerprint,
        "state": record.state.value,
        "held_until": record.held_until,
        "expires_at": record.expires_at,
    }


class SqlIdempotencyKeyStore(IdempotencyKeyStore):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add_if_absent(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        if await insert_ignoring_duplicates(self._conn, _TABLE, **_values(record)):
            return None
        row = (
            await self._conn.execute(select(_TABLE).where(_TABLE.c.key_hash == record.key_hash))
        ).first()
        return _record(row) if row else None

    async def take_over(self, stale: IdempotencyRecord, record: IdempotencyRecord) -> bool:
        result = await self._conn.execute(
            update(_TABLE)
            .where(
                _TABLE.c.key_hash == stale.key_hash,
                _TABLE.c.state == stale.state.value,
                _TABLE.c.held_until == stale.held_until,
            )
            .values(**_values(record), status=None, headers=None, body=None)
        )
        return bool(result.rowcount)

    async def mark_committed(self, key_hash: str) -> None:
        await self._conn.execute(
            update(_TABLE)
            .where(_TABLE.c.key_hash == key_hash, _TABLE.c.state == KeyState.IN_FLIGHT.value)
            .values(state=KeyState.COMMITTED.value)
        )

    async def answer(self, key_hash: str, response: StoredResponse) -> bool:
        result = await self._conn.execute(
            update(_TABLE)
            .where(_TABLE.c.key_hash == key_hash, _TABLE.c.state == KeyState.COMMITTED.value)
            .values(
                state=KeyState.ANSWERED.value,
                status=response.status,
                headers=[list(pair) for pair in response.headers],
                body=response.body,
            )
        )
        return bool(result.rowcount)

    async def forget_in_flight(self, key_hash: str) -> None:
        await self._conn.execute(
            delete(_TABLE).where(
                _TABLE.c.key_hash == key_hash, _TABLE.c.state == KeyState.IN_FLIGHT.value
            )
        )

    async def purge_expired(self, now: datetime) -> int:
        result = await self._conn.execute(delete(_TABLE).where(_TABLE.c.expires_at <= now))
        return int(result.rowcount)
