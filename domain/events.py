"""Domain events: what happened, recorded by a use case in the same unit of work as the change,
and handled after the commit by the outbox worker. Plain immutable values carrying the ids a
handler needs, never whole entities, so a handler reads the state as it is when it runs."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    event_id: UUID
    occurred_at: datetime

    @classmethod
    def kind(cls) -> str:
        """The stable name an event is stored and routed under."""
        return cls.__name__


@dataclass(frozen=True, kw_only=True)
class UserRegistered(DomainEvent):
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class EmailChangeRequested(DomainEvent):
    """The account's address changed and is unverified until the new mailbox confirms it."""

    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class EmailVerificationRequested(DomainEvent):
    """The account holder asked for another verification mail."""

    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class PasswordChanged(DomainEvent):
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class PasswordResetRequested(DomainEvent):
    """Recorded for any address, with an account or not: whether one exists is the handler's
    business, so the request reveals nothing."""

    email: str


@dataclass(frozen=True, kw_only=True)
class PostPublished(DomainEvent):
    post_id: UUID
    author_id: UUID


@dataclass(frozen=True, kw_only=True)
class PostEdited(DomainEvent):
    post_id: UUID
    author_id: UUID


@dataclass(frozen=True, kw_only=True)
class PostDeleted(DomainEvent):
    post_id: UUID
    author_id: UUID
    slug: str


@dataclass(frozen=True, kw_only=True)
class CommentAdded(DomainEvent):
    comment_id: int
    post_id: UUID
    author_id: UUID


@dataclass(frozen=True, kw_only=True)
class CommentDeleted(DomainEvent):
    comment_id: int
    post_id: UUID


@dataclass(frozen=True, kw_only=True)
class PostFavorited(DomainEvent):
    post_id: UUID
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class PostUnfavorited(DomainEvent):
    post_id: UUID
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class UserFollowed(DomainEvent):
    follower_id: UUID
    followee_id: UUID


@dataclass(frozen=True, kw_only=True)
class UserUnfollowed(DomainEvent):
    follower_id: UUID
    followee_id: UUID


@dataclass(frozen=True, kw_only=True)
class SessionsEnded(DomainEvent):
    """Every session of the account ended at once: a password change or reset, logging out
    everywhere, deactivation or deletion. Whatever still trusts the account's old sign-ins (a
    live connection) lets go; but the one session that asked, when it kept itself."""

    user_id: UUID
    kept_session_id: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class SessionEnded(DomainEvent):
    """One session of the account ended (its owner or an admin ended it, or it logged out)."""

    user_id: UUID
    session_id: UUID


EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    UserRegistered,
    EmailChangeRequested,
    EmailVerificationRequested,
    PasswordChanged,
    PasswordResetRequested,
    PostPublished,
    PostEdited,
    PostDeleted,
    CommentAdded,
    CommentDeleted,
    PostFavorited,
    PostUnfavorited,
    UserFollowed,
    UserUnfollowed,
    SessionsEnded,
    SessionEnded,
)
