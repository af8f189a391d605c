"""Stamping and recording domain events from inside a use case's unit of work."""

from typing import Any, TypeVar

from application.ports.clock import Clock
from application.ports.ids import IdGenerator
from application.ports.unit_of_work import UnitOfWork
from domain.events import DomainEvent

E = TypeVar("E", bound=DomainEvent)


class EventRecorder:
    def __init__(self, clock: Clock, ids: IdGenerator) -> None:
        self._clock, self._ids = clock, ids

    async def record(self, uow: UnitOfWork, kind: type[E], **fields: Any) -> E:
        """Adds the event to the unit of work's outbox: it is kept only if the unit commits."""
        event = kind(event_id=self._ids.new_id(), occurred_at=self._clock.now(), **fields)
        await uow.outbox.add(event)
        return event
