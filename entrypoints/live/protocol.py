"""The live-updates protocol: the messages a client sends and the server sends back, as
pydantic models (the AsyncAPI document's schemas come from them), and the close codes."""

from datetime import datetime
from enum import IntEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from entrypoints.live.views import CommentOut, PostOut, ProfileOut

MAX_CLIENT_MESSAGE_BYTES = 4_096
TOPIC_PATTERN = r"^(feed|me|post:[a-z0-9-]{1,128})$"
Topic = Annotated[str, Field(pattern=TOPIC_PATTERN, examples=["feed", "me", "post:hello-world"])]


class Close(IntEnum):
    """Why the server closed the socket (also sent as the close reason, in words)."""

    GOING_AWAY = 1001  # the server is shutting down: reconnect, then resume
    POLICY_VIOLATION = 1008  # too many malformed or refused messages
    INTERNAL_ERROR = 1011  # an unexpected error (logged), or no answer to the server's pings
    TRY_AGAIN_LATER = 1013  # the client read too slowly, or the process is full
    AUTH_EXPECTED = 4400  # the first message was not an auth message
    UNAUTHORIZED = 4401  # bad or expired token, or its session (or every session) ended
    AUTH_TIMEOUT = 4408  # no auth message in time
    TOO_MANY_CONNECTIONS = 4429  # the account has as many sockets open as it may


class ClientMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Auth(ClientMessage):
    """First message on every socket; again, with a fresh token, when asked to reauth."""

    type: Literal["auth"]
    token: Annotated[str, Field(min_length=1, max_length=2048)]


class Subscribe(ClientMessage):
    type: Literal["subscribe"]
    topic: Topic


class Unsubscribe(ClientMessage):
    type: Literal["unsubscribe"]
    topic: Topic


class Resume(ClientMessage):
    """Sent after subscribing on a new socket: replays what the subscriptions missed since
    the last event the client saw, or answers `resync`."""

    type: Literal["resume"]
    last_event_id: UUID


AnyClientMessage = Annotated[Auth | Subscribe | Unsubscribe | Resume, Field(discriminator="type")]


class Ready(BaseModel):
    """Authenticated: subscribe now."""

    type: Literal["ready"] = "ready"
    token_expires_at: datetime


class Subscribed(BaseModel):
    type: Literal["subscribed"] = "subscribed"
    topic: str


class Unsubscribed(BaseModel):
    type: Literal["unsubscribed"] = "unsubscribed"
    topic: str


class Reauth(BaseModel):
    """The access token has expired: send `auth` with a new one within the grace period."""

    type: Literal["reauth"] = "reauth"
    within_seconds: float


class Resumed(BaseModel):
    type: Literal["resumed"] = "resumed"
    replayed: int


class Resync(BaseModel):
    """The server no longer holds what was missed: refetch over the REST API."""

    type: Literal["resync"] = "resync"


class Error(BaseModel):
    type: Literal["error"] = "error"
    code: Literal[
        "malformed",
        "too_large",
        "unknown_type",
        "invalid",
        "not_found",
        "unauthorized",
        "unavailable",  # storage did not answer: try again, nothing was wrong with the message
    ]
    detail: str


class EventMessage(BaseModel):
    id: UUID  # the event's id: what `resume` takes
    occurred_at: datetime
    topic: str  # the subscription it arrived through


class PostPayload(BaseModel):
    post: PostOut


class PostPublishedMessage(EventMessage):
    """A followed author published a post (topic `feed`)."""

    type: Literal["post.published"] = "post.published"
    payload: PostPayload


class PostEditedMessage(EventMessage):
    type: Literal["post.edited"] = "post.edited"
    payload: PostPayload


class PostDeletedPayload(BaseModel):
    slug: str


class PostDeletedMessage(EventMessage):
    type: Literal["post.deleted"] = "post.deleted"
    payload: PostDeletedPayload


class CommentAddedPayload(BaseModel):
    slug: str
    comment: CommentOut


class CommentAddedMessage(EventMessage):
    """On a subscribed post (`post:<slug>`), or on one of your posts (`me`)."""

    type: Literal["comment.added"] = "comment.added"
    payload: CommentAddedPayload


class CommentDeletedPayload(BaseModel):
    slug: str
    comment_id: int


class CommentDeletedMessage(EventMessage):
    type: Literal["comment.deleted"] = "comment.deleted"
    payload: CommentDeletedPayload


class FavoritesPayload(BaseModel):
    slug: str
    favorites_count: int


class FavoritesMessage(EventMessage):
    """The post's favorites count changed."""

    type: Literal["post.favorites"] = "post.favorites"
    payload: FavoritesPayload


class FollowerPayload(BaseModel):
    follower: ProfileOut


class FollowerAddedMessage(EventMessage):
    """Someone followed you (topic `me`)."""

    type: Literal["follower.added"] = "follower.added"
    payload: FollowerPayload


EVENT_MESSAGES: tuple[type[EventMessage], ...] = (
    PostPublishedMessage,
    PostEditedMessage,
    PostDeletedMessage,
    CommentAddedMessage,
    CommentDeletedMessage,
    FavoritesMessage,
    FollowerAddedMessage,
)
CONTROL_MESSAGES: tuple[type[BaseModel], ...] = (
    Ready,
    Subscribed,
    Unsubscribed,
    Reauth,
    Resumed,
    Resync,
    Error,
)
