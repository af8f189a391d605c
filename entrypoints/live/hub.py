"""The live hub of one process: listens to the event bus, renders each event once, and
routes it to the connections whose subscriptions it matches. It keeps the recent deliveries
(a bounded number, for a bounded time) so that a client that reconnects can resume."""

import logging
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar
from uuid import UUID

from pydantic import BaseModel

from application.ports.clock import Clock
from application.ports.event_bus import EventBus
from application.use_cases.live.live_queries import LiveQueries
from domain.events import (
    CommentAdded,
    CommentDeleted,
    DomainEvent,
    PostDeleted,
    PostEdited,
    PostFavorited,
    PostPublished,
    PostUnfavorited,
    SessionsEnded,
    UserFollowed,
)
from entrypoints.live.connection import LiveConnection
from entrypoints.live.protocol import (
    Close,
    CommentAddedMessage,
    CommentAddedPayload,
    CommentDeletedMessage,
    CommentDeletedPayload,
    EventMessage,
    FavoritesMessage,
    FavoritesPayload,
    FollowerAddedMessage,
    FollowerPayload,
    PostDeletedMessage,
    PostDeletedPayload,
    PostEditedMessage,
    PostPayload,
    PostPublishedMessage,
)
from entrypoints.live.views import CommentOut, PostOut, ProfileOut
from entrypoints.observability.metrics.instruments import LIVE_CONNECTIONS

log = logging.getLogger("folio.live")


@dataclass(frozen=True)
class Delivery:
    """An event rendered once, and whom it concerns."""

    event_id: UUID
    occurred_at: datetime
    message: EventMessage  # with an empty topic: each recipient's is filled in
    post_id: UUID | None = None  # subscribers of post:<slug> for this post
    me: UUID | None = None  # the user whose `me` topic it belongs to
    feed_author: UUID | None = None  # followers of this author subscribed to `feed`
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
    queries: LiveQueries
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
                connection.close(Close.UNAUTHORIZED, "the account's sessions ended")
            return
        delivery = await self._render(event)
        if delivery is None:
            return
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
                unknown = {d.feed_author for d in missed if d.feed_author} - followed.keys()
                if not unknown or "feed" not in connection.topics:
                    break
                found = await self.queries.followed_among(connection.user_id, unknown)
                followed.update({author: author in found for author in unknown})
            # No await from here on: what arrived while we looked is in `missed` already.
            replayed = 0
            for delivery in missed:
                author = delivery.feed_author
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
        if delivery.feed_author is None:
            return set()
        candidates = {c.user_id for c in listening if "feed" in c.topics}
        if not candidates:
            return set()
        return await self.queries.followers_among(delivery.feed_author, candidates)

    async def _render(self, event: DomainEvent) -> Delivery | None:
        message: EventMessage
        match event:
            case PostPublished() | PostEdited():
                post = await self.queries.post(event.post_id)
                if post is None:
                    return None  # deleted since: its deletion follows
                payload = PostPayload(post=PostOut.of(post))
                if isinstance(event, PostPublished):
                    message = _message(PostPublishedMessage, event, payload)
                    return self._delivery(event, message, feed_author=event.author_id)
                message = _message(PostEditedMessage, event, payload)
                return self._delivery(event, message, post_id=event.post_id)
            case PostDeleted():
                message = _message(PostDeletedMessage, event, PostDeletedPayload(slug=event.slug))
                return self._delivery(event, message, post_id=event.post_id)
            case CommentAdded():
                found = await self.queries.comment_on_post(event.comment_id, event.post_id)
                if found is None:
                    return None
                message = _message(
                    CommentAddedMessage,
                    event,
                    CommentAddedPayload(slug=found.post_slug, comment=CommentOut.of(found.comment)),
                )
                on_own_post = found.post_author_id == event.author_id
                me = None if on_own_post else found.post_author_id
                return self._delivery(event, message, post_id=event.post_id, me=me)
            case CommentDeleted():
                post = await self.queries.post(event.post_id)
                if post is None:
                    return None
                message = _message(
                    CommentDeletedMessage,
                    event,
                    CommentDeletedPayload(slug=post.slug, comment_id=event.comment_id),
                )
                return self._delivery(event, message, post_id=event.post_id)
            case PostFavorited() | PostUnfavorited():
                post = await self.queries.post(event.post_id)
                if post is None:
                    return None
                message = _message(
                    FavoritesMessage,
                    event,
                    FavoritesPayload(slug=post.slug, favorites_count=post.favorites_count),
                )
                return self._delivery(event, message, post_id=event.post_id)
            case UserFollowed():
                follower = await self.queries.profile(event.follower_id)
                if follower is None:
                    return None
                message = _message(
                    FollowerAddedMessage, event, FollowerPayload(follower=ProfileOut.of(follower))
                )
                return self._delivery(event, message, me=event.followee_id)
        return None

    @staticmethod
    def _delivery(event: DomainEvent, message: EventMessage, **routing: UUID | None) -> Delivery:
        return Delivery(event.event_id, event.occurred_at, message, **routing)


M = TypeVar("M", bound=EventMessage)


def _message(kind: type[M], event: DomainEvent, payload: BaseModel) -> M:
    return kind.model_validate(
        {"id": event.event_id, "occurred_at": event.occurred_at, "topic": "", "payload": payload}
    )


def _topic_for(connection: LiveConnection, delivery: Delivery, followers: set[UUID]) -> str | None:
    """The subscription a delivery reaches the connection through, the most specific first;
    one message per connection even when several match."""
    if delivery.post_id is not None and delivery.post_id in connection.posts:
        return connection.posts[delivery.post_id]
    if delivery.me == connection.user_id and "me" in connection.topics:
        return "me"
    if delivery.feed_author is not None and "feed" in connection.topics:
        return "feed" if connection.user_id in followers else None
    return None
