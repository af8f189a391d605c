from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select

from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.paging import paged
from adapters.sqlalchemy.tables import security_events
from application.paging import PageQuery, Slice
from application.ports.security_events import (
    SecurityEvent,
    SecurityEventFilters,
    SecurityEventKind,
    SecurityEventStore,
)

_TABLE = security_events.c


def _event(row: Any) -> SecurityEvent:
    return SecurityEvent(
        id=row.id,
        created_at=row.created_at,
        kind=SecurityEventKind(row.kind),
        actor_id=row.actor_id,
        target_id=row.target_id,
        address=row.address,
        user_agent=row.user_agent,
        request_id=row.request_id,
        details=dict(row.details),
    )


class SqlSecurityEventStore(SecurityEventStore):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(self, event: SecurityEvent) -> None:
        await self._conn.execute(
            insert(security_events).values(
                id=event.id,
                created_at=event.created_at,
                kind=event.kind.value,
                actor_id=event.actor_id,
                target_id=event.target_id,
                address=event.address,
                user_agent=event.user_agent,
                request_id=event.request_id,
                details=event.details,
            )
        )

    async def find(self, filters: SecurityEventFilters, page: PageQuery) -> Slice[SecurityEvent]:
        query = select(security_events)
        if filters.actor_id is not None:
            query = query.where(_TABLE.actor_id == filters.actor_id)
        if filters.target_id is not None:
            query = query.where(_TABLE.target_id == filters.target_id)
        if filters.kind is not None:
            query = query.where(_TABLE.kind == filters.kind.value)
        if filters.since is not None:
            query = query.where(_TABLE.created_at >= filters.since)
        if filters.until is not None:
            query = query.where(_TABLE.created_at < filters.until)
        paged_query = paged(query, page, _TABLE.created_at, _TABLE.id, newest_first=True)
        rows = (await self._conn.execute(paged_query)).all()
        return Slice([_event(r) for r in rows[: page.limit]], len(rows) > page.limit)

    async def purge(self, before: datetime) -> int:
        purged = await self._conn.execute(
            delete(security_events).where(_TABLE.created_at < before).returning(_TABLE.id)
        )
        return len(purged.all())
