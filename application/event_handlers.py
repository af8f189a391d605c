"""Which handlers run for which kind of event. Registered in the composition root; each
handler has a stable name, under which the outbox remembers that it is done with an event.

Each kind of event belongs to one lane, worked off apart from the others (OutboxWorker): work
of different urgency never waits in one line (a session ended, to be told to live sockets at
once, behind mail to a server that does not answer)."""

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


DEFAULT_LANE = "default"


class EventHandlers:
    def __init__(self) -> None:
        self._by_kind: dict[type[DomainEvent], list[NamedHandler]] = {}
        self._lane_of: dict[type[DomainEvent], str] = {}

    def register(
        self, kind: type[DomainEvent], name: str, handler: Handler, *, lane: str = DEFAULT_LANE
    ) -> None:
        registered = self._by_kind.setdefault(kind, [])
        if any(h.name == name for h in registered):
            raise ValueError(f"a handler named {name!r} is already registered for {kind.kind()}")
        if self._lane_of.setdefault(kind, lane) != lane:
            raise ValueError(f"{kind.kind()} is worked off in lane {self._lane_of[kind]!r}")
        registered.append(NamedHandler(name, handler))

    def lanes(self) -> dict[str, frozenset[str]]:
        """The kinds of event each lane works off, by lane."""
        lanes: dict[str, set[str]] = {}
        for kind, lane in self._lane_of.items():
            lanes.setdefault(lane, set()).add(kind.kind())
        return {lane: frozenset(kinds) for lane, kinds in lanes.items()}

    def for_event(self, event: DomainEvent) -> list[NamedHandler]:
        return list(self._by_kind.get(type(event), ()))
