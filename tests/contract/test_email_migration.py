"""AUTH-09 for addresses stored before normalization: migration 0004 rewrites them."""

from datetime import UTC, datetime
from uuid import UUID

import pytest
from sqlalchemy import insert, text

from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.migrate import alembic_config
from adapters.sqlalchemy.tables import users
from tests.databases import (
    create_postgres_database,
    drop_postgres_database,
    run_sync,
)


@pytest.fixture(params=["sqlite", "postgres"])
def database_at_0003(request: pytest.FixtureRequest, tmp_path: object) -> object:
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/old.db"
        yield url
    else:
        try:
            url = run_sync(create_postgres_database(migrate=False))
        except Exception as e:
            pytest.skip(str(e))
        yield url
        run_sync(drop_postgres_database(url))


async def migrate(url: str, revision: str, *, downgrade: bool = False) -> None:
    from alembic import command

    step = command.downgrade if downgrade else command.upgrade
    engine = create_engine(url)
    async with engine.connect() as conn:
        await conn.run_sync(lambda sync: step(alembic_config(sync), revision))
        await conn.commit()
    await engine.dispose()


async def test_auth09_stored_addresses_are_normalized_and_a_twin_keeps_its_spelling(
    database_at_0003: str,
) -> None:
    url = database_at_0003
    await migrate(url, "0003")
    engine = create_engine(url)
    async with engine.begin() as conn:
        for n, (email, username) in enumerate(
            [
                ("Admin@Example.com.", "admin"),
                ("\uff41da@\uff45xample.com", "ada"),  # fullwidth a and e
                ("bob@bücher.example", "bob"),
                ("admin@example.com", "twin"),
            ]
        ):
            at = datetime(2026, 1, n + 1, tzinfo=UTC)
            await conn.execute(
                insert(users).values(
                    id=UUID(int=n + 1),
                    email=email,
                    username=username,
                    password_hash="h",
                    role="member",
                    is_active=True,
                    email_verified=False,
                    created_at=at,
                    updated_at=at,
                )
            )
    await engine.dispose()
    await migrate(url, "head")
    engine = create_engine(url)
    async with engine.connect() as conn:
        found = await conn.execute(text("SELECT username, email FROM users"))
        rows: dict[str, str] = {username: email for username, email in found}
    await engine.dispose()
    assert rows == {
        "admin": "Admin@Example.com.",  # its mailbox is the twin's, which holds the spelling
        "ada": "ada@example.com",
        "bob": "bob@xn--bcher-kva.example",
        "twin": "admin@example.com",
    }
