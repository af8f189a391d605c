"""The worker's side of the SQL outbox. Every method is one statement in a transaction of its
own; on PostgreSQL, concurrent claims skip each other's rows (FOR UPDATE SKIP LOCKED inside
the claiming UPDATE), and on SQLite writers are serialised by BEGIN IMMEDIATE."""

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import Executable, Select, and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.event_codec import event_from
from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.connections.availability import is_unavailable
from adapters.sqlalchemy.notifications import OutboxListener
from adapters.sqlalchemy.tables import DEAD, DONE, PENDING, outbox
from application.errors import StorageUnavailable
from application.ports.outbox_queue import (
    ClaimedEvent,
    DeadEvent,
    OutboxActivity,
    OutboxQueue,
    OutboxStats,
)

_RETURNED = (
    outbox.c.seq,
    outbox.c.event_id,
    outbox.c.kind,
    outbox.c.payload,
    outbox.c.occurred_at,
    outbox.c.attempts,
    outbox.c.handled_by,
)


def _held(claim: ClaimedEvent) -> tuple[Any, ...]:
    """The event is still this claim's: pending, and claimed by no one since (a claim counts
    an attempt, so the count tells one claim from the next)."""
    return (
        outbox.c.event_id == claim.event.event_id,
        outbox.c.attempts == claim.attempts,
        outbox.c.status == PENDING,
    )


class SqlOutboxQueue(OutboxQueue):
    def __init__(
        self, engine: AsyncEngine, wakeup: LocalWakeup, listener: OutboxListener | None
    ) -> None:
        self._engine, self._wakeup, self._listener = engine, wakeup, listener

    async def claim(
        self,
        *,
        limit: int,
        now: datetime,
        lease: timedelta,
        kinds: Collection[str] | None = None,
        except_kinds: Collection[str] = (),
    ) -> list[ClaimedEvent]:
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
        if kinds is not None:
            due = due.where(outbox.c.kind.in_(sorted(kinds)))
        if except_kinds:
            due = due.where(outbox.c.kind.not_in(sorted(except_kinds)))
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

    async def renew(self, claims: Sequence[ClaimedEvent], *, until: datetime) -> set[UUID]:
        if not claims:
            return set()
        rows = await self._rows(
            update(outbox)
            .where(or_(*(and_(*_held(claim)) for claim in claims)))
            .values(leased_until=until)
            .returning(outbox.c.event_id)
        )
        return {row.event_id for row in rows}

    async def mark_handled(self, claim: ClaimedEvent, handler: str) -> bool:
        async with self._transaction() as conn:
            handled = (await conn.execute(select(outbox.c.handled_by).where(*_held(claim)))).first()
            if handled is None:
                return False
            if handler not in handled.handled_by:
                await conn.execute(
                    update(outbox)
                    .where(*_held(claim))
                    .values(handled_by=[*handled.handled_by, handler])
                )
            return True

    async def complete(self, claim: ClaimedEvent, now: datetime) -> bool:
        return await self._held_change(claim, status=DONE, leased_until=None, completed_at=now)

    async def retry_later(self, claim: ClaimedEvent, *, error: str, due_at: datetime) -> bool:
        return await self._held_change(claim, due_at=due_at, leased_until=None, last_error=error)

    async def release(self, claim: ClaimedEvent) -> bool:
        return await self._held_change(claim, leased_until=None, attempts=outbox.c.attempts - 1)

    async def bury(self, claim: ClaimedEvent, *, error: str) -> bool:
        return await self._held_change(claim, status=DEAD, leased_until=None, last_error=error)

    async def activity(self, now: datetime) -> OutboxActivity:
        unleased = or_(outbox.c.leased_until.is_(None), outbox.c.leased_until <= now)
        pending = outbox.c.status == PENDING
        [row] = await self._rows(
            select(
                func.min(outbox.c.due_at).filter(outbox.c.due_at <= now, unleased),
                func.count().filter(outbox.c.leased_until > now),
            ).where(pending)
        )
        waiting, held = row
        completed = False
        if waiting is not None:
            done_since = select(outbox.c.seq).where(
                outbox.c.status == DONE, outbox.c.completed_at >= waiting
            )
            completed = bool(await self._rows(done_since.limit(1)))
        return OutboxActivity(waiting, held > 0, completed)

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

    async def _held_change(self, claim: ClaimedEvent, **values: Any) -> bool:
        return await self._count(update(outbox).where(*_held(claim)).values(**values)) == 1

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
