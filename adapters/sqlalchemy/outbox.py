"""The outbox on the SQL backends: written inside a unit of work's transaction."""

from typing import Any

from sqlalchemy import insert

from adapters.event_codec import payload_of
from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.tables import PENDING, outbox
from application.ports.outbox import Outbox
from domain.events import DomainEvent

_INSERT = insert(outbox)


def outbox_row(event: DomainEvent) -> dict[str, Any]:
    """A new, pending row of the outbox table for the event."""
    return {
        "event_id": event.event_id,
        "kind": event.kind(),
        "payload": payload_of(event),
        "occurred_at": event.occurred_at,
        "status": PENDING,
        "due_at": event.occurred_at,
        "attempts": 0,
        "handled_by": [],
    }


class SqlOutbox(Outbox):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn
        self.added = False

    async def add(self, event: DomainEvent) -> None:
        await self._conn.execute(_INSERT, outbox_row(event))
        self.added = True
