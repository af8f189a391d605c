from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from entrypoints.container import Container
from tests.databases import migrated, throwaway_postgres, wipe
from tests.support import build_container, settings_for_tests

BACKENDS = ["memory", "sqlite", "postgres"]


@pytest.fixture(scope="session")
async def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("sqlite") / "folio.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrated(url)
    return url


@pytest.fixture(scope="session")
async def postgres_url() -> AsyncIterator[str]:
    async with throwaway_postgres() as url:
        yield url


async def container_on(request: pytest.FixtureRequest, backend: str) -> AsyncIterator[Container]:
    """A container on a clean database of the given backend."""
    if backend == "memory":
        url = "memory://"
    else:
        url = request.getfixturevalue(f"{backend}_url")
    container = build_container(settings_for_tests(url))
    if backend != "memory":
        await wipe(container.engine())
    yield container
    if backend != "memory":
        await container.engine().dispose()
    container.password_hasher().close()


@pytest.fixture(params=BACKENDS)
async def any_backend(request: pytest.FixtureRequest) -> AsyncIterator[Container]:
    """Runs the test once on each storage backend."""
    async for container in container_on(request, request.param):
        yield container


@pytest.fixture
async def memory_container(request: pytest.FixtureRequest) -> AsyncIterator[Container]:
    async for container in container_on(request, "memory"):
        yield container
