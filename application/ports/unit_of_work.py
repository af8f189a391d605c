from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from application.ports.comments import CommentRepository
from application.ports.favorites import FavoriteRepository
from application.ports.follows import FollowRepository
from application.ports.idempotency_keys import IdempotencyKeyStore
from application.ports.one_time_tokens import OneTimeTokenStore
from application.ports.outbox import Outbox
from application.ports.post_views import PostViewQueries
from application.ports.posts import PostRepository
from application.ports.refresh_tokens import RefreshTokenStore
from application.ports.security_events import SecurityEventStore
from application.ports.sessions import SessionStore
from application.ports.signing_keys import SigningKeyStore
from application.ports.two_factor import TwoFactorStore
from application.ports.users import UserRepository


class UnitOfWork(Protocol):
    """One transaction. Leaving the block without `commit()` rolls everything back."""

    users: UserRepository
    follows: FollowRepository
    posts: PostRepository
    post_views: PostViewQueries
    favorites: FavoriteRepository
    comments: CommentRepository
    sessions: SessionStore
    refresh_tokens: RefreshTokenStore
    one_time_tokens: OneTimeTokenStore
    security_events: SecurityEventStore
    two_factor: TwoFactorStore
    signing_keys: SigningKeyStore
    outbox: Outbox
    idempotency_keys: IdempotencyKeyStore

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
