"""Results handed to inbound adapters: plain dataclasses, never storage rows."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from application.ports.sessions import SessionRecord
from domain.comments import Comment
from domain.posts import Post
from domain.users import Role, User


@dataclass(frozen=True)
class ProfileView:
    username: str
    bio: str
    image: str | None
    following: bool

    @classmethod
    def of(cls, user: User, *, following: bool) -> "ProfileView":
        return cls(user.username, user.bio, user.image, following)


@dataclass(frozen=True)
class AccountView:
    id: UUID
    email: str
    username: str
    bio: str
    image: str | None
    role: Role
    is_active: bool
    email_verified: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, user: User) -> "AccountView":
        return cls(
            id=user.id,
            email=user.email,
            username=user.username,
            bio=user.bio,
            image=user.image,
            role=user.role,
            is_active=user.is_active,
            email_verified=user.email_verified,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )


@dataclass(frozen=True)
class SessionView:
    id: UUID
    label: str
    created_at: datetime
    last_used_at: datetime
    last_address: str | None
    current: bool  # the session the request itself was made in

    @classmethod
    def of(cls, session: SessionRecord, current: UUID | None) -> "SessionView":
        return cls(
            id=session.id,
            label=session.label,
            created_at=session.created_at,
            last_used_at=session.last_used_at,
            last_address=session.last_address,
            current=session.id == current,
        )


@dataclass(frozen=True)
class PostView:
    id: UUID
    slug: str
    title: str
    description: str
    body: str
    tags: tuple[str, ...]
    author: ProfileView
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    version: int

    @classmethod
    def of(
        cls, post: Post, *, author: ProfileView, favorited: bool, favorites_count: int
    ) -> "PostView":
        return cls(
            id=post.id,
            slug=post.slug,
            title=post.title,
            description=post.description,
            body=post.body,
            tags=post.tags,
            author=author,
            created_at=post.created_at,
            updated_at=post.updated_at,
            favorited=favorited,
            favorites_count=favorites_count,
            version=post.version,
        )


@dataclass(frozen=True)
class CommentView:
    id: int
    body: str
    author: ProfileView
    created_at: datetime

    @classmethod
    def of(cls, comment: Comment, *, author: ProfileView) -> "CommentView":
        return cls(comment.id, comment.body, author, comment.created_at)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str | None  # None for sessions configured without refresh tokens
    expires_in: int  # seconds until the access token expires


@dataclass(frozen=True)
class SignedIn:
    account: AccountView
    tokens: TokenPair
