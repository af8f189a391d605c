"""The worker's side of the SQL outbox. Every method is one statement in a transaction of its
own; on PostgreSQL, concurrent claims skip each other's rows (FOR UPDATE SKIP LOCKED inside
the claiming UPDATE), and on SQLite writers are serialised by BEGIN IMMEDIATE."""

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Executable, Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.event_codec import event_from
from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.availability import is_unavailable
from adapters.sqlalchemy.notifications import OutboxListener
from adapters.sqlalchemy.tables import DEAD, DONE, PENDING, outbox
from application.errors import StorageUnavailable
from application.ports.outbox import ClaimedEvent, DeadEvent, OutboxQueue, OutboxStats

_RETURNED = (
    outbox.c.seq,
    outbox.c.event_id,
    outbox.c.kind,
    outbox.c.payload,
    outbox.c.occurred_at,
    outbox.c.attempts,
    outbox.c.handled_by,
)


class SqlOutboxQueue(OutboxQueue):
    def __init__(
        self, engine: AsyncEngine, wakeup: LocalWakeup, listener: OutboxListener | None
    ) -> None:
        self._engine, self._wakeup, self._listener = engine, wakeup, listener

    async def claim(self, *, limit: int, now: datetime, lease: timedelta) -> list[ClaimedEvent]:
        due: Select[Any] = (
            select(outbox.c.seq)
            .where(
                outbox.c.status == PENDING,
                outbox.c.due_at <= now,
                (outbox.c.leased_until.is_(None)) | (outbox.c.leased_until <= now),
            )
            .order_by(outbox.c.seq)
            .limit(limit)
        )
        if self._engine.dialect.name == "postgresql":
            due = due.with_for_update(skip_locked=True)
        statement = (
            update(outbox)
            .where(outbox.c.seq.in_(due.scalar_subquery()))
            .values(leased_until=now + lease, attempts=outbox.c.attempts + 1)
            .returning(*_RETURNED)
        )
        rows = sorted(await self._rows(statement), key=lambda row: row.seq)
        return [
            ClaimedEvent(
                event=event_from(row.kind, row.event_id, row.occurred_at, row.payload),
                attempts=row.attempts,
                handled_by=frozenset(row.handled_by),
            )
            for row in rows
        ]

    async def mark_handled(self, event_id: UUID, handler: str) -> None:
        async with self._transaction() as conn:
            handled = await conn.scalar(
                select(outbox.c.handled_by).where(outbox.c.event_id == event_id)
            )
            if handler not in (handled or []):
                await conn.execute(
                    update(outbox)
                    .where(outbox.c.event_id == event_id)
                    .values(handled_by=[*(handled or []), handler])
                )

    async def complete(self, event_id: UUID, now: datetime) -> None:
        await self._count(
            update(outbox)
            .where(outbox.c.event_id == event_id)
            .values(status=DONE, leased_until=None, completed_at=now)
        )

    async def retry_later(self, event_id: UUID, *, error: str, due_at: datetime) -> None:
        await self._count(
            update(outbox)
            .where(outbox.c.event_id == event_id)
            .values(due_at=due_at, leased_until=None, last_error=error)
        )

    async def release(self, event_id: UUID) -> None:
        await self._count(
            update(outbox)
            .where(outbox.c.event_id == event_id, outbox.c.attempts > 0)
            .values(leased_until=None, attempts=outbox.c.attempts - 1)
        )

    async def bury(self, event_id: UUID, *, error: str) -> None:
        await self._count(
            update(outbox)
            .where(outbox.c.event_id == event_id)
            .values(status=DEAD, leased_until=None, last_error=error)
        )

    async def stats(self) -> OutboxStats:
        [row] = await self._rows(
            select(
                func.count().filter(outbox.c.status == PENDING),
                func.count().filter(outbox.c.status == DEAD),
                func.min(outbox.c.occurred_at).filter(outbox.c.status == PENDING),
            )
        )
        pending, dead, oldest = row
        return OutboxStats(pending=pending, dead=dead, oldest_pending_at=oldest)

    async def dead(self, limit: int) -> list[DeadEvent]:
        rows = await self._rows(
            select(
                outbox.c.event_id,
                outbox.c.kind,
                outbox.c.occurred_at,
                outbox.c.attempts,
                outbox.c.last_error,
            )
            .where(outbox.c.status == DEAD)
            .order_by(outbox.c.seq)
            .limit(limit)
        )
        return [
            DeadEvent(r.event_id, r.kind, r.occurred_at, r.attempts, r.last_error or "")
            for r in rows
        ]

    async def revive_dead(self, now: datetime) -> int:
        revived = await self._count(
            update(outbox)
            .where(outbox.c.status == DEAD)
            .values(status=PENDING, due_at=now, attempts=0, leased_until=None)
        )
        if revived:
            self._wakeup.ring()
        return revived

    async def purge_completed(self, before: datetime) -> int:
        return await self._count(
            delete(outbox).where(outbox.c.status == DONE, outbox.c.completed_at < before)
        )

    async def wait_for_events(self, at_most_seconds: float) -> None:
        if self._listener is not None:
            await self._listener.ensure_listening()
        await self._wakeup.wait(at_most_seconds)

    async def _rows(self, statement: Executable) -> list[Any]:
        async with self._transaction() as conn:
            return list((await conn.execute(statement)).all())

    async def _count(self, statement: Executable) -> int:
        async with self._transaction() as conn:
            return int((await conn.execute(statement)).rowcount)

    def _transaction(self) -> "_Transaction":
        return _Transaction(self._engine)


class _Transaction:
    """engine.begin() with outages reported as StorageUnavailable, as units of work do."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def __aenter__(self) -> AsyncConnection:
        try:
            self._context = self._engine.begin()
            return await self._context.__aenter__()
        except Exception as e:
            if is_unavailable(e):
                raise StorageUnavailable() from e
            raise

    async def __aexit__(self, *exc_info: Any) -> None:
        try:
            await self._context.__aexit__(*exc_info)
        except Exception as e:
            if is_unavailable(e):
                raise StorageUnavailable() from e
            raise
        if is_unavailable(exc_info[1]):
            raise StorageUnavailable() from exc_info[1]
