"""What the memory store keeps of each outbox event: its record and its state."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from domain.events import DomainEvent


class Status(StrEnum):
    PENDING = "pending"
    DONE = "done"
    DEAD = "dead"


@dataclass(frozen=True)
class OutboxEntry:
    event: DomainEvent
    status: Status
    due_at: datetime
    leased_until: datetime | None = None
    attempts: int = 0
    handled_by: frozenset[str] = frozenset()
    last_error: str | None = None
    completed_at: datetime | None = None
