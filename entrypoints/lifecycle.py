"""Start-up and shutdown of the container's resources, shared by every inbound adapter."""

import gc
import logging

from adapters.sqlalchemy.migrate import is_at_head, upgrade_to_head
from entrypoints.container import Container

log = logging.getLogger("folio.lifecycle")


class SchemaOutdated(RuntimeError):
    pass


async def start(container: Container) -> None:
    """Checks configuration early (a bad secret fails here, not on the first login) and makes
    sure the schema is current: the embedded SQLite database migrates itself; PostgreSQL is
    migrated by `make migrate`, and the service refuses to run on an outdated schema."""
    container.access_tokens()
    settings = container.settings()
    if settings.storage_backend == "sql":
        engine = container.engine()
        if settings.is_embedded_sqlite:
            await upgrade_to_head(engine)
        elif not await is_at_head(engine):
            raise SchemaOutdated(
                "The database schema is not at the latest migration; run `make migrate`."
            )
    if settings.app_env != "test":
        # What is alive now (modules, the app, caches) lives as long as the process. Frozen,
        # it is no longer walked by every full collection: those took ~100 ms each, about once
        # a second under load, and made the p99 latency.
        gc.collect()
        gc.freeze()


async def stop(container: Container) -> None:
    if container.settings().storage_backend == "sql":
        listener = container.outbox_listener()
        if listener is not None:
            await listener.close()
        await container.outbox_engine().dispose()
        await container.engine().dispose()
    container.password_hasher().close()
