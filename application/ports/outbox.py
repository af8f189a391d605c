from typing import Protocol

from domain.events import DomainEvent


class Outbox(Protocol):
    """The unit of work's record of what happened: events added here are stored with the
    change itself, so a commit keeps both and a rollback neither."""

    async def add(self, event: DomainEvent) -> None: ...
