"""The migrated schema keeps what the models cannot show: uniqueness by lower-case value."""

import pytest
from sqlalchemy import text

from entrypoints.composition.container import Container

pytestmark = pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
EXPRESSION_INDEXES = {"uq_users_email_lower", "uq_users_username_lower"}


async def test_every_migration_keeps_the_case_insensitive_unique_indexes(
    container: Container,
) -> None:
    engine = container.engine()
    query = (
        "SELECT name FROM sqlite_master WHERE type = 'index'"
        if engine.dialect.name == "sqlite"
        else "SELECT indexname FROM pg_indexes WHERE tablename = 'users'"
    )
    async with engine.connect() as conn:
        names = set((await conn.execute(text(query))).scalars())
    assert names >= EXPRESSION_INDEXES
