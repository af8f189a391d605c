"""The memory store's outbox worked off under the store's lock."""

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from uuid import UUID

from adapters.local_wakeup import LocalWakeup
from adapters.memory.outbox_entries import OutboxEntry, Status
from adapters.memory.store import MemoryStore
from application.ports.outbox_queue import (
    ClaimedEvent,
    DeadEvent,
    OutboxActivity,
    OutboxQueue,
    OutboxStats,
)


class MemoryOutboxQueue(OutboxQueue):
    def __init__(self, store: MemoryStore, wakeup: LocalWakeup) -> None:
        self._store, self._wakeup = store, wakeup

    async def claim(
        self,
        *,
        limit: int,
        now: datetime,
        lease: timedelta,
        kinds: Collection[str] | None = None,
        except_kinds: Collection[str] = (),
    ) -> list[ClaimedEvent]:
        async with self._store.lock:
            due = [
                entry
                for entry in self._store.outbox.values()
                if entry.status is Status.PENDING
                and entry.due_at <= now
                and (entry.leased_until is None or entry.leased_until <= now)
                and (kinds is None or entry.event.kind() in kinds)
                and entry.event.kind() not in except_kinds
            ][:limit]
            claimed = []
            for entry in due:
                leased = replace(entry, leased_until=now + lease, attempts=entry.attempts + 1)
                self._store.outbox[entry.event.event_id] = leased
                claimed.append(ClaimedEvent(leased.event, leased.attempts, leased.handled_by))
            return claimed

    async def renew(self, claims: Sequence[ClaimedEvent], *, until: datetime) -> set[UUID]:
        held = set()
        for claim in claims:
            if await self._change(claim, lambda e: replace(e, leased_until=until)):
                held.add(claim.event.event_id)
        return held

    async def mark_handled(self, claim: ClaimedEvent, handler: str) -> bool:
        return await self._change(claim, lambda e: replace(e, handled_by=e.handled_by | {handler}))

    async def complete(self, claim: ClaimedEvent, now: datetime) -> bool:
        return await self._change(
            claim,
            lambda e: replace(e, status=Status.DONE, leased_until=None, completed_at=now),
        )

    async def retry_later(self, claim: ClaimedEvent, *, error: str, due_at: datetime) -> bool:
        return await self._change(
            claim, lambda e: replace(e, due_at=due_at, leased_until=None, last_error=error)
        )

    async def release(self, claim: ClaimedEvent) -> bool:
        return await self._change(
            claim, lambda e: replace(e, leased_until=None, attempts=e.attempts - 1)
        )

    async def bury(self, claim: ClaimedEvent, *, error: str) -> bool:
        return await self._change(
            claim,
            lambda e: replace(e, status=Status.DEAD, leased_until=None, last_error=error),
        )

    async def activity(self, now: datetime) -> OutboxActivity:
        async with self._store.lock:
            entries = list(self._store.outbox.values())
        pending = [e for e in entries if e.status is Status.PENDING]
        waiting = min(
            (
                e.due_at
                for e in pending
                if e.due_at <= now and (e.leased_until is None or e.leased_until <= now)
            ),
            default=None,
        )
        completed = waiting is not None and any(
            e.completed_at is not None and e.completed_at >= waiting for e in entries
        )
        held = any(e.leased_until is not None and e.leased_until > now for e in pending)
        return OutboxActivity(waiting, held, completed)

    async def stats(self) -> OutboxStats:
        async with self._store.lock:
            entries = list(self._store.outbox.values())
        pending = [e for e in entries if e.status is Status.PENDING]
        return OutboxStats(
            pending=len(pending),
            dead=sum(1 for e in entries if e.status is Status.DEAD),
            oldest_pending_at=min((e.event.occurred_at for e in pending), default=None),
        )

    async def dead(self, limit: int) -> list[DeadEvent]:
        async with self._store.lock:
            entries = [e for e in self._store.outbox.values() if e.status is Status.DEAD]
        return [
            DeadEvent(
                e.event.event_id,
                e.event.kind(),
                e.event.occurred_at,
                e.attempts,
                e.last_error or "",
            )
            for e in entries[:limit]
        ]

    async def revive_dead(self, now: datetime) -> int:
        async with self._store.lock:
            dead = [e for e in self._store.outbox.values() if e.status is Status.DEAD]
            for entry in dead:
                self._store.outbox[entry.event.event_id] = replace(
                    entry, status=Status.PENDING, due_at=now, attempts=0
                )
        if dead:
            self._wakeup.ring()
        return len(dead)

    async def purge_completed(self, before: datetime) -> int:
        async with self._store.lock:
            done = [
                event_id
                for event_id, e in self._store.outbox.items()
                if e.status is Status.DONE
                and e.completed_at is not None
                and e.completed_at < before
            ]
            for event_id in done:
                del self._store.outbox[event_id]
        return len(done)

    async def wait_for_events(self, at_most_seconds: float) -> None:
        await self._wakeup.wait(at_most_seconds)

    async def _change(
        self, claim: ClaimedEvent, change: Callable[[OutboxEntry], OutboxEntry]
    ) -> bool:
        """Applies `change` if the claim is still held (see OutboxQueue)."""
        event_id = claim.event.event_id
        async with self._store.lock:
            entry = self._store.outbox.get(event_id)
            if (
                entry is None
                or entry.status is not Status.PENDING
                or entry.attempts != claim.attempts
            ):
                return False
            self._store.outbox[event_id] = change(entry)
            return True
