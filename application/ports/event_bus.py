from collections.abc import AsyncIterator
from typing import Protocol

from domain.events import DomainEvent


class EventBus(Protocol):
    """Carries committed events from the worker that publishes them to every process that
    serves live connections. A listener receives each event published while it listens, once,
    in the order of publication; what is published while it is not listening is not kept
    (live clients catch up by resuming, or refetch)."""

    async def publish(self, event: DomainEvent) -> None: ...

    def listen(self) -> AsyncIterator[DomainEvent]:
        """Events as they are published, for as long as the caller iterates."""
        ...
