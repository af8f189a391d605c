"""Migration 0007: refresh-token families stored before sessions existed become sessions, whose
end takes their tokens with them; and it can be undone."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from sqlalchemy import delete, func, insert, select

from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.tables import refresh_tokens, sessions, users
from tests.contract.test_email_migration import migrate
from tests.databases import create_postgres_database, drop_postgres_database, run_sync

T0 = datetime(2026, 11, 1, tzinfo=UTC)
ADA, FAMILY, OTHER_FAMILY = UUID(int=1), UUID(int=10), UUID(int=11)


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> object:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/old.db"
    else:
        request.getfixturevalue("postgres_url")  # skips or fails, as the suite does
        url = run_sync(create_postgres_database(migrate=False))
        yield url
        run_sync(drop_postgres_database(url))


async def test_each_family_becomes_a_session_and_the_migration_undoes(database_url: str) -> None:
    await migrate(database_url, "0006")
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        await conn.execute(
            insert(users).values(
                id=ADA,
                email="ada@example.com",
                username="ada",
                password_hash="h",
                role="member",
                is_active=True,
                email_verified=True,
                created_at=T0,
                updated_at=T0,
            )
        )
        for name, family, days in (("a", FAMILY, 29), ("b", FAMILY, 30), ("c", OTHER_FAMILY, 7)):
            await conn.execute(
                insert(refresh_tokens).values(
                    token_hash=name * 64,
                    family_id=family,
                    user_id=ADA,
                    expires_at=T0 + timedelta(days=days),
                )
            )
    await engine.dispose()
    await migrate(database_url, "head")
    engine = create_engine(database_url)
    async with engine.begin() as conn:
        rows = (await conn.execute(select(sessions).order_by(sessions.c.id))).all()
        assert [(r.id, r.user_id, r.label, r.last_address) for r in rows] == [
            (FAMILY, ADA, "Unknown device", None),
            (OTHER_FAMILY, ADA, "Unknown device", None),
        ]
        assert [r.expires_at for r in rows] == [T0 + timedelta(days=30), T0 + timedelta(days=7)]
        await conn.execute(delete(sessions).where(sessions.c.id == FAMILY))
        left = await conn.execute(select(refresh_tokens.c.token_hash))
        assert [h for (h,) in left] == ["c" * 64]
    await engine.dispose()
    await migrate(database_url, "0006", downgrade=True)
    engine = create_engine(database_url)
    async with engine.connect() as conn:
        count = await conn.scalar(select(func.count()).select_from(refresh_tokens))
    await engine.dispose()
    assert count == 1
