"""`python -m entrypoints.migrate`: brings the configured database to the latest schema."""

import asyncio
import sys

from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.migrate import upgrade_to_head
from entrypoints.settings import Settings


async def migrate(settings: Settings) -> None:
    engine = create_engine(settings.sqlalchemy_url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


def main() -> int:
    settings = Settings()
    if settings.storage_backend == "memory":
        print("DATABASE_URL is memory://: nothing to migrate.")
        return 0
    asyncio.run(migrate(settings))
    print("Database schema is at the latest migration.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
