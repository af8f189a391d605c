"""Brings the configured database to the latest schema (`folio migrate`, `make migrate`)."""

from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.migrate import upgrade_to_head
from entrypoints.composition.settings import Settings


async def migrate(settings: Settings) -> None:
    engine = create_engine(
        settings.sqlalchemy_url, transaction_pooler=settings.db_transaction_pooler
    )
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()
