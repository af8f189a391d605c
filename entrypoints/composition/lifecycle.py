"""Start-up and shutdown of the container's resources, shared by every inbound adapter."""

import asyncio
import gc
import logging

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.connections.availability import is_unavailable
from adapters.sqlalchemy.migrate import is_at_head, upgrade_to_head
from entrypoints.composition import tracing
from entrypoints.composition.container import Container
from entrypoints.composition.settings import Settings

log = logging.getLogger("folio.lifecycle")


class SchemaOutdated(RuntimeError):
    pass


async def start(container: Container, *, long_running: bool = False) -> None:
    """Checks configuration early (a bad secret fails here, not on the first login) and makes
    sure the schema is current: the embedded SQLite database migrates itself; PostgreSQL is
    migrated by `make migrate`, and nothing runs on an outdated schema. A long-running process
    (the server, the worker) whose database does not answer yet starts anyway: readiness says
    503 until the database answers with a current schema, and the worker retries."""
    container.access_tokens()
    settings = container.settings()
    if settings.storage_backend == "sql":
        engine = container.engine()
        if settings.is_embedded_sqlite:
            await upgrade_to_head(engine)
        else:
            await _refuse_an_outdated_schema(engine, settings, long_running)
    provider = container.tracer_provider()
    if provider is not None:
        tracing.start(container, provider)
    if settings.app_env != "test":
        # What is alive now (modules, the app, caches) lives as long as the process. Frozen,
        # it is no longer walked by every full collection: those took ~100 ms each, about once
        # a second under load, and made the p99 latency.
        gc.collect()
        gc.freeze()


async def _refuse_an_outdated_schema(
    engine: AsyncEngine, settings: Settings, long_running: bool
) -> None:
    try:
        async with asyncio.timeout(settings.request_timeout_seconds):
            at_head = await is_at_head(engine)
    except Exception as e:
        if not (long_running and is_unavailable(e)):
            raise
        log.warning(
            "The database does not answer (%s); starting anyway, not ready until it does.",
            type(e).__name__,
        )
        return
    if not at_head:
        raise SchemaOutdated(
            "The database schema is not at the latest migration; run `make migrate`."
        )


async def close_engines(container: Container) -> None:
    """Closes the SQL engines' connections, the kept ones included (SqlConnections)."""
    await container.outbox_engine().dispose()
    await container.sql_connections().dispose()


async def stop(container: Container) -> None:
    if container.settings().storage_backend == "sql":
        listener = container.outbox_listener()
        if listener is not None:
            await listener.close()
        await close_engines(container)
    container.password_hasher().close()
    provider = container.tracer_provider()
    if provider is not None:
        tracing.stop(provider)
