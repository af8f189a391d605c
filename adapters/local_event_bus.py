"""The event bus inside one process: the embedded worker publishes, the live hub listens."""

import asyncio
from collections.abc import AsyncIterator

from application.ports.event_bus import EventBus
from domain.events import DomainEvent


class LocalEventBus(EventBus):
    def __init__(self) -> None:
        self._listeners: set[asyncio.Queue[DomainEvent]] = set()

    async def publish(self, event: DomainEvent) -> None:
        for queue in self._listeners:
            queue.put_nowait(event)

    async def listen(self) -> AsyncIterator[DomainEvent]:
        queue: asyncio.Queue[DomainEvent] = asyncio.Queue()
        self._listeners.add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._listeners.discard(queue)
