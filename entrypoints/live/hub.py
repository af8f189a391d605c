"""The live hub of one process: listens to the event bus, has each event projected once
(LiveProjection) and serialised once per topic, and routes it to the connections whose
subscriptions it matches. It keeps the recent deliveries (a bounded number, for a bounded
time) so that a client that reconnects can resume."""

import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from application.live.projection import LiveProjection
from application.live.updates import Audience, LiveUpdate
from application.ports.clock import Clock
from application.ports.event_bus import EventBus
from domain.events import DomainEvent, SessionEnded, SessionsEnded
from entrypoints.live.connection import LiveConnection
from entrypoints.live.protocol import EVENT_MESSAGES, Close, EventMessage
from entrypoints.observability.metrics.instruments import LIVE_CONNECTIONS

log = logging.getLogger("folio.live")


@dataclass(frozen=True)
class Delivery:
    """An event rendered once, and whom it concerns."""

    event_id: UUID
    occurred_at: datetime
    message: EventMessage  # with an empty topic: each recipient's is filled in
    audience: Audience
    _rendered: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def for_topic(self, topic: str) -> str:
        """The message as sent through `topic`, serialized once however many receive it."""
        text = self._rendered.get(topic)
        if text is None:
            text = self.message.model_copy(update={"topic": topic}).model_dump_json()
            self._rendered[topic] = text
        return text


@dataclass
class LiveHub:
    bus: EventBus
    projection: LiveProjection
    clock: Clock
    resume_events: int
    resume_window: timedelta
    connections: set[LiveConnection] = field(default_factory=set)
    _recent: deque[Delivery] = field(init=False)

    def __post_init__(self) -> None:
        self._recent = deque(maxlen=self.resume_events)

    def join(self, connection: LiveConnection) -> None:
        self.connections.add(connection)
        LIVE_CONNECTIONS.inc()

    def leave(self, connection: LiveConnection) -> None:
        if connection in self.connections:
            self.connections.remove(connection)
            LIVE_CONNECTIONS.dec()

    def of_user(self, user_id: UUID) -> list[LiveConnection]:
        return [c for c in self.connections if c.user_id == user_id]

    def close_all(self, code: Close, reason: str) -> None:
        for connection in self.connections:
            connection.close(code, reason)

    async def run(self) -> None:
        """Until cancelled: every event from the bus, in order."""
        async for event in self.bus.listen():
            try:
                await self.dispatch(event)
            except Exception as e:  # one event that cannot be rendered must not stop the hub
                log.error(
                    "live_dispatch_failed",
                    extra={"event_id": str(event.event_id), "error": type(e).__name__},
                )

    async def dispatch(self, event: DomainEvent) -> None:
        if isinstance(event, SessionsEnded):
            for connection in self.of_user(event.user_id):
                if connection.session_id is None or connection.session_id != event.kept_session_id:
                    connection.close(Close.UNAUTHORIZED, "the account's sessions ended")
            return
        if isinstance(event, SessionEnded):
            for connection in self.of_user(event.user_id):
                if connection.session_id == event.session_id:
                    connection.close(Close.UNAUTHORIZED, "the session ended")
            return
        update = await self.projection.project(event)
        if update is None:
            return
        delivery = _delivery(update)
        self._recent.append(delivery)
        listening = [c for c in self.connections if not c.resuming]
        followers = await self._followers(delivery, listening)
        for connection in listening:
            topic = _topic_for(connection, delivery, followers)
            if topic is not None:
                connection.send(delivery.for_topic(topic))

    async def resume(self, connection: LiveConnection, last_event_id: UUID) -> int | None:
        """Replays the deliveries after `last_event_id` that the connection's subscriptions
        match; None when that event is no longer held (the client must resync)."""
        connection.resuming = True
        try:
            followed: dict[UUID, bool] = {}
            while True:
                missed = self._after(last_event_id)
                if missed is None:
                    return None
                authors = {d.audience.feed_author for d in missed if d.audience.feed_author}
                unknown = authors - followed.keys()
                if not unknown or "feed" not in connection.topics:
                    break
                found = await self.projection.followed_among(connection.user_id, unknown)
                followed.update({author: author in found for author in unknown})
            # No await from here on: what arrived while we looked is in `missed` already.
            replayed = 0
            for delivery in missed:
                author = delivery.audience.feed_author
                followers = {connection.user_id} if author and followed.get(author) else set()
                topic = _topic_for(connection, delivery, followers)
                if topic is not None:
                    connection.send(delivery.for_topic(topic))
                    replayed += 1
            return replayed
        finally:
            connection.resuming = False

    def _after(self, event_id: UUID) -> list[Delivery] | None:
        horizon = self.clock.now() - self.resume_window
        held = [d for d in self._recent if d.occurred_at >= horizon]
        for index, delivery in enumerate(held):
            if delivery.event_id == event_id:
                return held[index + 1 :]
        return None

    async def _followers(
        self, delivery: Delivery, listening: Iterable[LiveConnection]
    ) -> set[UUID]:
        if delivery.audience.feed_author is None:
            return set()
        candidates = {c.user_id for c in listening if "feed" in c.topics}
        if not candidates:
            return set()
        return await self.projection.followers_among(delivery.audience.feed_author, candidates)


_MESSAGES: dict[str, type[EventMessage]] = {
    message.model_fields["type"].default: message for message in EVENT_MESSAGES
}


def _delivery(update: LiveUpdate) -> Delivery:
    """The update as the protocol's message, validated once for every connection it reaches."""
    message = _MESSAGES[update.kind].model_validate(
        {
            "id": update.event_id,
            "occurred_at": update.occurred_at,
            "topic": "",
            "payload": update.payload,
        },
        from_attributes=True,
    )
    return Delivery(update.event_id, update.occurred_at, message, update.audience)


def _topic_for(connection: LiveConnection, delivery: Delivery, followers: set[UUID]) -> str | None:
    """The subscription a delivery reaches the connection through, the most specific first;
    one message per connection even when several match."""
    audience = delivery.audience
    if audience.post_id is not None and audience.post_id in connection.posts:
        return connection.posts[audience.post_id]
    if audience.me == connection.user_id and "me" in connection.topics:
        return "me"
    if audience.feed_author is not None and "feed" in connection.topics:
        return "feed" if connection.user_id in followers else None
    return None
