"""Domain events to and from JSON-safe dictionaries, for storage and for the wire."""

import dataclasses
import json
import typing
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.events import EVENT_TYPES, DomainEvent

_TYPES = {kind.kind(): kind for kind in EVENT_TYPES}
_ENVELOPE = {"event_id", "occurred_at"}


def payload_of(event: DomainEvent) -> dict[str, Any]:
    """The event's own fields, without its id and time (stored in columns of their own)."""
    return {
        field.name: _plain(getattr(event, field.name))
        for field in dataclasses.fields(event)
        if field.name not in _ENVELOPE
    }


def event_from(kind: str, event_id: UUID, occurred_at: datetime, payload: dict[str, Any]) -> Any:
    try:
        event_type = _TYPES[kind]
    except KeyError:
        raise ValueError(f"unknown event kind {kind!r}") from None
    hints = typing.get_type_hints(event_type)
    fields = {name: _typed(hints[name], value) for name, value in payload.items()}
    return event_type(event_id=event_id, occurred_at=occurred_at, **fields)


def _plain(value: object) -> object:
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _typed(hint: object, value: Any) -> object:
    if value is None:
        return None
    if hint == UUID | None:
        hint = UUID
    if hint is UUID:
        return UUID(value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    return value


def to_wire(event: DomainEvent) -> str:
    """The whole event as one JSON text, for a message bus."""
    return json.dumps(
        {
            "kind": event.kind(),
            "event_id": str(event.event_id),
            "occurred_at": event.occurred_at.isoformat(),
            "payload": payload_of(event),
        }
    )


def from_wire(text: str | bytes) -> DomainEvent:
    message = json.loads(text)
    event: DomainEvent = event_from(
        message["kind"],
        UUID(message["event_id"]),
        datetime.fromisoformat(message["occurred_at"]),
        message["payload"],
    )
    return event
