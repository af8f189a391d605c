"""The worker's side of the outbox (the unit of work's side is ports/outbox.py)."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from uuid import UUID

from domain.events import DomainEvent


@dataclass(frozen=True)
class ClaimedEvent:
    event: DomainEvent
    attempts: int  # this claim included
    handled_by: frozenset[str]  # handlers that finished with it on an earlier delivery


@dataclass(frozen=True)
class OutboxStats:
    pending: int
    dead: int
    oldest_pending_at: datetime | None


@dataclass(frozen=True)
class OutboxActivity:
    """Whether a worker is at work, as the outbox shows it."""

    oldest_waiting_since: datetime | None  # the due time of the oldest due event no one holds
    leases_held: bool  # some worker holds a pending event
    completed_since_waiting: bool  # an event was completed after the oldest waiting came due


@dataclass(frozen=True)
class DeadEvent:
    event_id: UUID
    kind: str
    occurred_at: datetime
    attempts: int
    last_error: str


class OutboxQueue(Protocol):
    """The worker's side of the outbox. Each method is one atomic step of its own, outside
    any unit of work: several workers may call them at once.

    A claim is held while the event is pending and no later claim has taken it (its lease ran
    out and another worker claimed it): every step on a claimed event is conditional on that,
    and answers whether the claim was still held, so a worker that lost an event changes
    nothing of it."""

    async def claim(
        self,
        *,
        limit: int,
        now: datetime,
        lease: timedelta,
        kinds: Collection[str] | None = None,
        except_kinds: Collection[str] = (),
    ) -> list[ClaimedEvent]:
        """Up to `limit` pending events that are due and not leased, oldest first, of the given
        `kinds` (every kind when None) but none of `except_kinds`, each leased to the caller
        until now + lease (an event whose worker died is claimed again once its lease runs
        out). Two concurrent claims never return the same event."""
        ...

    async def renew(self, claims: Sequence[ClaimedEvent], *, until: datetime) -> set[UUID]:
        """Extends the lease of every claim still held to `until`; returns their event ids."""
        ...

    async def mark_handled(self, claim: ClaimedEvent, handler: str) -> bool:
        """Remembers that `handler` is done with the event, so a redelivery skips it."""
        ...

    async def complete(self, claim: ClaimedEvent, now: datetime) -> bool: ...

    async def retry_later(self, claim: ClaimedEvent, *, error: str, due_at: datetime) -> bool:
        """Releases the lease; the event is claimed again from `due_at`."""
        ...

    async def release(self, claim: ClaimedEvent) -> bool:
        """Gives a claimed event back untouched, as if this claim had not happened."""
        ...

    async def bury(self, claim: ClaimedEvent, *, error: str) -> bool:
        """Marks the event dead: it is no longer claimed until `revive_dead`."""
        ...

    async def activity(self, now: datetime) -> OutboxActivity: ...

    async def stats(self) -> OutboxStats: ...

    async def dead(self, limit: int) -> list[DeadEvent]: ...

    async def revive_dead(self, now: datetime) -> int:
        """Makes every dead event pending and due again, with a fresh count of attempts."""
        ...

    async def purge_completed(self, before: datetime) -> int: ...

    async def wait_for_events(self, at_most_seconds: float) -> None:
        """Returns when new events may have been committed, or after `at_most_seconds`."""
        ...
