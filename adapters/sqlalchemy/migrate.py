"""Alembic migrations run from code: at start-up for the embedded SQLite default, and by the
`migrate` command for PostgreSQL."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.sqlalchemy.connections.engine import transactional

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    async with engine.connect() as pooled:
        connection = await transactional(pooled)  # a failed migration leaves nothing behind
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
        await connection.commit()


def schema_is_at_head(connection: Connection) -> bool:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return MigrationContext.configure(connection).get_current_revision() == head


async def is_at_head(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        return await connection.run_sync(schema_is_at_head)
