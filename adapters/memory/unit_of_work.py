from collections.abc import Callable
from types import TracebackType
from typing import Self

from adapters.local_wakeup import LocalWakeup
from adapters.memory.comments import MemoryCommentRepository
from adapters.memory.idempotency_keys import MemoryIdempotencyKeyStore
from adapters.memory.one_time_tokens import MemoryOneTimeTokenStore
from adapters.memory.outbox import MemoryOutbox
from adapters.memory.post_views import MemoryPostViews
from adapters.memory.posts import MemoryPostRepository
from adapters.memory.refresh_tokens import MemoryRefreshTokenStore
from adapters.memory.relations import MemoryFavoriteRepository, MemoryFollowRepository
from adapters.memory.security_events import MemorySecurityEventStore
from adapters.memory.sessions import MemorySessionStore
from adapters.memory.signing_keys import MemorySigningKeyStore
from adapters.memory.store import Journal, MemoryStore
from adapters.memory.two_factor import MemoryTwoFactorStore
from adapters.memory.users import MemoryUserRepository
from application.idempotency import mark_committing
from application.ports.signing_keys import SigningKeyStore
from application.ports.storage_health import StorageHealth
from application.ports.unit_of_work import UnitOfWork


class MemoryUnitOfWork(UnitOfWork):
    """Transactions are serialised by the store's lock (like SERIALIZABLE isolation); changes
    apply in place and the journal undoes them unless `commit()` was called."""

    def __init__(
        self,
        store: MemoryStore,
        wakeup: LocalWakeup,
        signing_keys: Callable[[MemoryStore, Journal], SigningKeyStore] = MemorySigningKeyStore,
    ) -> None:
        """`signing_keys`: where the key ring is kept (here unless in a file)."""
        self._store, self._wakeup = store, wakeup
        self._journal = Journal()
        self.users = MemoryUserRepository(store, self._journal)
        self.follows = MemoryFollowRepository(store, self._journal)
        self.posts = MemoryPostRepository(store, self._journal)
        self.favorites = MemoryFavoriteRepository(store, self._journal)
        self.comments = MemoryCommentRepository(store, self._journal)
        self.sessions = MemorySessionStore(store, self._journal)
        self.refresh_tokens = MemoryRefreshTokenStore(store, self._journal)
        self.one_time_tokens = MemoryOneTimeTokenStore(store, self._journal)
        self.security_events = MemorySecurityEventStore(store, self._journal)
        self.two_factor = MemoryTwoFactorStore(store, self._journal)
        self.signing_keys = signing_keys(store, self._journal)
        self.outbox = MemoryOutbox(store, self._journal)
        self.idempotency_keys = MemoryIdempotencyKeyStore(store, self._journal)
        self.post_views = MemoryPostViews(self)

    async def __aenter__(self) -> Self:
        await self._store.lock.acquire()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._journal.rollback()
        finally:
            self._store.lock.release()

    async def commit(self) -> None:
        await mark_committing(self)
        self._journal.forget()
        if self.outbox.added:
            self._wakeup.ring()


class MemoryStorageHealth(StorageHealth):
    async def ping(self) -> None:
        return None
