from datetime import timedelta

from application.ports.clock import Clock
from application.ports.event_bus import EventBus
from domain.events import DomainEvent


class PublishLiveEvent:
    """Hands a committed event to the event bus, for the processes serving live connections.
    An event older than `max_age` (a backlog the worker is catching up on) is news to nobody
    any more: clients that were away refetch, so it is not published."""

    NAME = "publish-live"

    def __init__(self, bus: EventBus, clock: Clock, max_age: timedelta) -> None:
        self._bus, self._clock, self._max_age = bus, clock, max_age

    async def __call__(self, event: DomainEvent) -> None:
        if self._clock.now() - event.occurred_at > self._max_age:
            return
        await self._bus.publish(event)
