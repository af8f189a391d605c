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
    """The database has no schema yet, or one behind the latest migration."""

    def __init__(self) -> None:
        super().__init__(
            "the database schema is not at the latest migration: run `folio migrate` "
            "(`make migrate` in a checkout)."
        )


async def start(container: Container, *, long_running: bool = False) -> None:
    """Checks configuration early (a bad secret fails here, not on the first login) and makes
    sure the schema is current: the embedded SQLite database migrates itself; PostgreSQL is
    migrated by `folio migrate`, and nothing runs on an outdated schema. A long-running process
    (the server, the worker) whose database does not answer yet starts anyway: readiness says
    503 until the database answers with a current schema, and the worker retries."""
    container.access_tokens()
    settings = container.settings()
    if settings.storage_backend == "sql":
        engine = container.engine()
        if settings.is_embedded_sqlite:
            await upgrade_to_head(engine)
        else:
            answered = await refuse_an_outdated_schema(
                engine, settings, unavailable_is_fine=long_running
            )
            if not answered:
                log.warning(
                    "The database does not answer; starting anyway, not ready until it does."
                )
    provider = container.tracer_provider()
    if provider is not None:
        tracing.start(container, provider)
    if settings.app_env != "test":
        # What is alive now (modules, the app, caches) lives as long as the process. Frozen,
        # it is no longer walked by every full collection: those took ~100 ms each, about once
        # a second under load, and made the p99 latency.
        gc.collect()
        gc.freeze()


async def refuse_an_outdated_schema(
    engine: AsyncEngine, settings: Settings, *, unavailable_is_fine: bool
) -> bool:
    """SchemaOutdated unless the schema is at the latest migration; False when the database
    did not answer and `unavailable_is_fine`."""
    try:
        async with asyncio.timeout(settings.request_timeout_seconds):
            at_head = await is_at_head(engine)
    except Exception as e:
        if unavailable_is_fine and is_unavailable(e):
            return False
        raise
    if not at_head:
        raise SchemaOutdated()
    return True


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
