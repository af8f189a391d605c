"""Which handlers run for which kind of event. Registered in the composition root; each
handler has a stable name, under which the outbox remembers that it is done with an event."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from domain.events import DomainEvent

# Takes the kind of event it is registered for; mypy cannot tie the two together here.
Handler = Callable[[Any], Awaitable[None]]


@dataclass(frozen=True)
class NamedHandler:
    name: str
    handle: Handler


class EventHandlers:
    def __init__(self) -> None:
        self._by_kind: dict[type[DomainEvent], list[NamedHandler]] = {}

    def register(self, kind: type[DomainEvent], name: str, handler: Handler) -> None:
        registered = self._by_kind.setdefault(kind, [])
        if any(h.name == name for h in registered):
            raise ValueError(f"a handler named {name!r} is already registered for {kind.kind()}")
        registered.append(NamedHandler(name, handler))

    def for_event(self, event: DomainEvent) -> list[NamedHandler]:
        return list(self._by_kind.get(type(event), ()))
