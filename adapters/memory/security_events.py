from datetime import datetime

from adapters.memory.paging import page_of
from adapters.memory.store import Journal, MemoryStore
from application.paging import PageQuery, Slice
from application.ports.security_events import (
    SecurityEvent,
    SecurityEventFilters,
    SecurityEventStore,
)


def _matches(event: SecurityEvent, filters: SecurityEventFilters) -> bool:
    return (
        (filters.actor_id is None or event.actor_id == filters.actor_id)
        and (filters.target_id is None or event.target_id == filters.target_id)
        and (filters.kind is None or event.kind == filters.kind)
        and (filters.since is None or event.created_at >= filters.since)
        and (filters.until is None or event.created_at < filters.until)
    )


class MemorySecurityEventStore(SecurityEventStore):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(self, event: SecurityEvent) -> None:
        self._journal.put(self._store.security_events, event.id, event)

    async def find(self, filters: SecurityEventFilters, page: PageQuery) -> Slice[SecurityEvent]:
        found = (e for e in self._store.security_events.values() if _matches(e, filters))
        return page_of(found, page, newest_first=True)

    async def purge(self, before: datetime) -> int:
        old = [i for i, e in self._store.security_events.items() if e.created_at < before]
        for event_id in old:
            self._journal.pop(self._store.security_events, event_id)
        return len(old)
