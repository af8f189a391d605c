"""PostgreSQL's LISTEN/NOTIFY for the outbox: a trigger notifies CHANNEL when a transaction
that inserted events commits, and a worker listening on its own connection wakes at once
instead of at its next poll. Without the connection (server down, a pooler in transaction
mode) the worker still polls, only later."""

import logging

import asyncpg
from sqlalchemy import make_url

from adapters.local_wakeup import LocalWakeup

CHANNEL = "folio_outbox"
log = logging.getLogger("folio.worker")


class OutboxListener:
    def __init__(self, sqlalchemy_url: str, wakeup: LocalWakeup) -> None:
        self._dsn = make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(False)
        self._wakeup = wakeup
        self._conn: asyncpg.Connection | None = None

    async def ensure_listening(self) -> None:
        if self._conn is not None and not self._conn.is_closed():
            return
        try:
            self._conn = await asyncpg.connect(self._dsn, timeout=5)
            await self._conn.add_listener(CHANNEL, self._notified)
        except (OSError, asyncpg.PostgresError) as e:
            self._conn = None
            log.warning("outbox_listen_failed", extra={"error": type(e).__name__})

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    def _notified(self, *_: object) -> None:
        self._wakeup.ring()
