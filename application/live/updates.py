"""What live clients are told, as the application sees it: one update per committed event, its
payload (views, never entities) and its audience. The live adapter serialises these; which
events become updates is written once, here."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.views import CommentView, PostView, ProfileView
from domain.events import (
    CommentAdded,
    CommentDeleted,
    DomainEvent,
    PostDeleted,
    PostEdited,
    PostFavorited,
    PostPublished,
    PostUnfavorited,
    SessionEnded,
    SessionsEnded,
    UserFollowed,
)

# The kind of update each event becomes (the message type clients see).
UPDATE_KINDS: dict[type[DomainEvent], str] = {
    PostPublished: "post.published",
    PostEdited: "post.edited",
    PostDeleted: "post.deleted",
    CommentAdded: "comment.added",
    CommentDeleted: "comment.deleted",
    PostFavorited: "post.favorites",
    PostUnfavorited: "post.favorites",
    UserFollowed: "follower.added",
}
# Every event live connections hear of: the updates, and the end of an account's sessions,
# which closes its sockets.
LIVE_EVENT_TYPES: tuple[type[DomainEvent], ...] = (*UPDATE_KINDS, SessionsEnded, SessionEnded)


@dataclass(frozen=True)
class Audience:
    post_id: UUID | None = None  # subscribers of post:<slug> for this post
    me: UUID | None = None  # the user whose `me` topic it belongs to
    feed_author: UUID | None = None  # followers of this author subscribed to `feed`


@dataclass(frozen=True)
class PostPayload:
    post: PostView


@dataclass(frozen=True)
class PostDeletedPayload:
    slug: str


@dataclass(frozen=True)
class CommentAddedPayload:
    slug: str
    comment: CommentView


@dataclass(frozen=True)
class CommentDeletedPayload:
    slug: str
    comment_id: int


@dataclass(frozen=True)
class FavoritesPayload:
    slug: str
    favorites_count: int


@dataclass(frozen=True)
class FollowerPayload:
    follower: ProfileView


Payload = (
    PostPayload
    | PostDeletedPayload
    | CommentAddedPayload
    | CommentDeletedPayload
    | FavoritesPayload
    | FollowerPayload
)


@dataclass(frozen=True)
class LiveUpdate:
    event_id: UUID
    occurred_at: datetime
    kind: str  # one of UPDATE_KINDS' values
    payload: Payload
    audience: Audience
