"""Storage, chosen by DATABASE_URL: the backend not chosen is never built."""

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from dependency_injector import providers

from adapters.local_wakeup import LocalWakeup
from adapters.memory.signing_keys import MemorySigningKeyStore
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryStorageHealth, MemoryUnitOfWork
from adapters.security.key_file import FileSigningKeyStore
from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.connections.owner import SqlConnections
from adapters.sqlalchemy.signing_keys import SqlSigningKeyStore
from adapters.sqlalchemy.unit_of_work import SqlStorageHealth, SqlUnitOfWork
from application.audit import AuditTrail
from application.event_recording import EventRecorder
from application.step_up import StepUp
from entrypoints.composition.core import Core
from entrypoints.composition.durations import seconds
from entrypoints.observability.metrics.pool import MeteredWaits, metered_pool
from entrypoints.web.request_origin import ContextRequestOrigin

setting = Core.settings.provided
T = TypeVar("T")


def keys_kept_in(path: Path | None, otherwise: T) -> T | Callable[..., FileSigningKeyStore]:
    """What a unit of work keeps the key ring in: the file at `path` (SIGNING_KEYS_FILE),
    else `otherwise`, the storage's own store. Chosen once: a unit of work only calls it."""
    if path is None:
        return otherwise
    file = FileSigningKeyStore(path)
    return lambda *_: file


class Storage(Core):
    # Rung by a unit of work that committed events, so a worker in this process starts at once.
    outbox_wakeup = providers.Singleton(LocalWakeup)
    memory_store = providers.Singleton(MemoryStore)
    engine = providers.Singleton(
        create_engine,
        url=setting.sqlalchemy_url,
        pool_size=setting.db_pool_size,
        pool_timeout=setting.db_pool_timeout_seconds,
        pool_pre_ping=setting.db_pool_pre_ping,
        statement_timeout_ms=setting.db_statement_timeout_ms,
        transaction_pooler=setting.db_transaction_pooler,
        poolclass=providers.Callable(metered_pool, name="requests"),
    )
    sql_connections = providers.Singleton(
        SqlConnections,
        engine=engine,
        waits=providers.Factory(MeteredWaits, name="requests"),
        # Traced, every statement goes through SQLAlchemy, whose cursor events make spans.
        prepared_reads=providers.Callable(
            lambda tracing: tracing is None, tracing=Core.tracer_provider
        ),
    )
    unit_of_work = providers.Selector(
        Core.backend,
        memory=providers.Factory(
            MemoryUnitOfWork,
            store=memory_store,
            wakeup=outbox_wakeup,
            signing_keys=providers.Singleton(
                keys_kept_in, path=setting.signing_keys_file, otherwise=MemorySigningKeyStore
            ),
        ),
        sql=providers.Factory(
            SqlUnitOfWork,
            connections=sql_connections,
            wakeup=outbox_wakeup,
            signing_keys=providers.Singleton(
                keys_kept_in, path=setting.signing_keys_file, otherwise=SqlSigningKeyStore
            ),
        ),
    )
    storage_health = providers.Selector(
        Core.backend,
        memory=providers.Singleton(MemoryStorageHealth),
        sql=providers.Singleton(
            SqlStorageHealth,
            connections=sql_connections,
            timeout_seconds=setting.readiness_timeout_seconds,
        ),
    )
    uow = unit_of_work.provider
    events = providers.Singleton(EventRecorder, clock=Core.clock, ids=Core.ids)
    step_up = providers.Singleton(
        StepUp,
        clock=Core.clock,
        max_age=providers.Callable(seconds, value=setting.reauthentication_max_age_seconds),
        second_factor=Core.second_factor,
        require_admin_mfa=setting.require_admin_mfa,
    )
    audit = providers.Singleton(
        AuditTrail, clock=Core.clock, ids=Core.ids, origin=providers.Singleton(ContextRequestOrigin)
    )
