"""Brings the configured database to the latest schema (`folio migrate`, `make migrate`), and
checks that it is there before a server starts."""

from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.migrate import upgrade_to_head
from entrypoints.composition.lifecycle import refuse_an_outdated_schema
from entrypoints.composition.settings import Settings


async def migrate(settings: Settings) -> None:
    engine = create_engine(
        settings.sqlalchemy_url, transaction_pooler=settings.db_transaction_pooler
    )
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


async def check_schema(settings: Settings) -> None:
    """SchemaOutdated as every other command says it, before a server's workers start (where it
    would end each in a traceback). A database that does not answer yet passes: the server
    starts, not ready until it answers."""
    engine = create_engine(
        settings.sqlalchemy_url, transaction_pooler=settings.db_transaction_pooler
    )
    try:
        await refuse_an_outdated_schema(engine, settings, unavailable_is_fine=True)
    finally:
        await engine.dispose()
