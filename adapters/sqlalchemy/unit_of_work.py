import asyncio
import logging
from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import text

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.comments import SqlCommentRepository
from adapters.sqlalchemy.connections.availability import is_unavailable
from adapters.sqlalchemy.connections.owner import SqlConnections
from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.idempotency_keys import SqlIdempotencyKeyStore
from adapters.sqlalchemy.migrate import schema_is_at_head
from adapters.sqlalchemy.one_time_tokens import SqlOneTimeTokenStore
from adapters.sqlalchemy.outbox import SqlOutbox
from adapters.sqlalchemy.post_views import SqlPostViews
from adapters.sqlalchemy.posts import SqlPostRepository
from adapters.sqlalchemy.refresh_tokens import SqlRefreshTokenStore
from adapters.sqlalchemy.relations import SqlFavoriteRepository, SqlFollowRepository
from adapters.sqlalchemy.security_events import SqlSecurityEventStore
from adapters.sqlalchemy.sessions import SqlSessionStore
from adapters.sqlalchemy.signing_keys import SqlSigningKeyStore
from adapters.sqlalchemy.two_factor import SqlTwoFactorStore
from adapters.sqlalchemy.users import SqlUserRepository
from application.errors import StorageUnavailable
from application.idempotency import mark_committing
from application.ports.signing_keys import SigningKeyStore
from application.ports.storage_health import StorageHealth
from application.ports.unit_of_work import UnitOfWork

log = logging.getLogger("folio.storage")


class SqlUnitOfWork(UnitOfWork):
    """One connection and at most one transaction per unit of work (SharedConnection says when
    it begins). Core statements only: no ORM session, so there is no identity map to expire and
    nothing can lazy-load."""

    _conn: SharedConnection

    def __init__(
        self,
        connections: SqlConnections,
        wakeup: LocalWakeup,
        signing_keys: Callable[[SharedConnection], SigningKeyStore] = SqlSigningKeyStore,
    ) -> None:
        """`connections`: the one owner of the engine's connections (one per engine);
        `signing_keys`: where the key ring is kept (in the database unless in a file)."""
        self._connections, self._wakeup = connections, wakeup
        self._signing_keys = signing_keys

    async def __aenter__(self) -> Self:
        try:
            self._conn = await self._connections.open()
        except Exception as e:
            if is_unavailable(e):
                raise StorageUnavailable() from e
            raise
        self.users = SqlUserRepository(self._conn)
        self.follows = SqlFollowRepository(self._conn)
        self.posts = SqlPostRepository(self._conn)
        self.favorites = SqlFavoriteRepository(self._conn)
        self.comments = SqlCommentRepository(self._conn)
        self.sessions = SqlSessionStore(self._conn)
        self.refresh_tokens = SqlRefreshTokenStore(self._conn)
        self.post_views = SqlPostViews(self._conn)
        self.one_time_tokens = SqlOneTimeTokenStore(self._conn)
        self.security_events = SqlSecurityEventStore(self._conn)
        self.two_factor = SqlTwoFactorStore(self._conn)
        self.signing_keys = self._signing_keys(self._conn)
        self.outbox = SqlOutbox(self._conn)
        self.idempotency_keys = SqlIdempotencyKeyStore(self._conn)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._connections.close(self._conn, failed=exc is not None)
        except Exception as e:
            if not is_unavailable(e):
                raise
            # The connection is gone; the server rolls the transaction back itself.
        if is_unavailable(exc):
            raise StorageUnavailable() from exc

    async def commit(self) -> None:
        await mark_committing(self)
        await self._conn.commit()
        if self.outbox.added:
            self._wakeup.ring()  # a worker in this process; others hear NOTIFY or poll


class SqlStorageHealth(StorageHealth):
    """Ready means the database answers within `timeout_seconds` (one that hangs rather than
    refusing connections is unavailable as soon as a probe would give up on it) and its schema
    is at the latest migration. The schema is checked until it is found current once, so a
    service started before its database was up, or before it was migrated, becomes ready when
    both are true."""

    def __init__(self, connections: SqlConnections, timeout_seconds: float = 1.0) -> None:
        """`connections`: as SqlUnitOfWork's, so that a probe waiting for the pool is seen
        there."""
        self._connections = connections
        self._timeout = timeout_seconds
        self._schema_current = False

    async def ping(self) -> None:
        try:
            async with asyncio.timeout(self._timeout), self._connections.borrowed() as conn:
                await conn.execute(text("SELECT 1"))
                if not self._schema_current:
                    self._schema_current = await conn.run_sync(schema_is_at_head)
        except Exception as e:
            if is_unavailable(e):
                raise StorageUnavailable() from e
            raise
        if not self._schema_current:
            log.error("The database schema is not at the latest migration; run `folio migrate`.")
            raise StorageUnavailable("The database schema is not at the latest migration.")
