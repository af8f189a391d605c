"""Alembic environment. Runs on a connection handed in by `adapters.sqlalchemy.migrate`, or
on its own engine from `sqlalchemy.url` / DATABASE_URL when run by the alembic command."""

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.tables import metadata

config = context.config


def run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_with_own_engine() -> None:
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("Set DATABASE_URL to the database to migrate.")
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(run_on)
        await connection.commit()
    await engine.dispose()


shared = config.attributes.get("connection")
if shared is not None:
    run_on(shared)
else:
    asyncio.run(run_with_own_engine())
