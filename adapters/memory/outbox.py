"""The outbox kept in the memory store, written inside units of work (journaled, so a
rollback removes the events); memory/outbox_queue.py works it off."""

from adapters.memory.outbox_entries import OutboxEntry, Status
from adapters.memory.store import Journal, MemoryStore
from application.ports.outbox import Outbox
from domain.events import DomainEvent


class MemoryOutbox(Outbox):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal
        self.added = False

    async def add(self, event: DomainEvent) -> None:
        entry = OutboxEntry(event, Status.PENDING, due_at=event.occurred_at)
        self._journal.put(self._store.outbox, event.event_id, entry)
        self.added = True
