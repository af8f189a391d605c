import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import make_url

from entrypoints.composition.container import Container
from entrypoints.composition.lifecycle import close_engines
from tests.databases import (
    PostgresUnavailable,
    create_postgres_database,
    drop_postgres_database,
    migrated,
    run_sync,
    wipe,
)
from tests.pgbouncer import PgBouncerUnavailable, is_pooled, running_pgbouncer
from tests.support import build_container, settings_for_tests, unavailable

BACKENDS = ["memory", "sqlite", "postgres"]
# The end-to-end suite also runs on PostgreSQL through PgBouncer in transaction mode.
E2E_BACKENDS = [*BACKENDS, "pgbouncer"]


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("sqlite") / "folio.db"
    url = f"sqlite+aiosqlite:///{path}"
    run_sync(migrated(url))
    return url


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    try:
        url = run_sync(create_postgres_database())
    except PostgresUnavailable as e:
        unavailable(str(e))
    yield url
    run_sync(drop_postgres_database(url))


@pytest.fixture(scope="session")
def pgbouncer_url(postgres_url: str) -> Iterator[str]:
    """postgres_url's database, reached through a PgBouncer in transaction mode."""
    server = make_url(postgres_url)
    try:
        with running_pgbouncer(server) as port:
            yield server.set(port=port).render_as_string(hide_password=False)
    except PgBouncerUnavailable as e:
        unavailable(str(e))


@pytest.fixture
def database_url(request: pytest.FixtureRequest) -> str:
    backend = getattr(request, "param", "memory")
    if backend == "memory":
        return "memory://"
    return str(request.getfixturevalue(f"{backend}_url"))


@asynccontextmanager
async def container_on(database_url: str, **overrides: object) -> AsyncIterator[Container]:
    """A container on an empty database of the backend `database_url` names, its key ring
    loaded as a server loads it before it takes requests."""
    async with unstarted_container_on(database_url, **overrides) as container:
        await container.reload_key_ring()()
        yield container


@asynccontextmanager
async def unstarted_container_on(
    database_url: str, **overrides: object
) -> AsyncIterator[Container]:
    """As `container_on`, with nothing resolved yet: for a test that overrides a provider
    before the app's start loads the ring."""
    if is_pooled(database_url):
        overrides.setdefault("db_transaction_pooler", True)
    container = build_container(settings_for_tests(database_url, **overrides))
    on_sql = not database_url.startswith("memory")
    if on_sql:
        await wipe(container.engine())
    try:
        yield container
    finally:
        if on_sql:
            await close_engines(container)
        container.password_hasher().close()


@pytest.fixture
async def container(database_url: str) -> AsyncIterator[Container]:
    async with container_on(database_url) as container:
        yield container


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Tests that ask for `any_backend`, `api` or `conduit` run once per storage backend; a
    module can narrow the backends with a BACKENDS list of its own."""
    if {"any_backend", "api", "conduit"} & set(metafunc.fixturenames) and not _chooses_backend(
        metafunc
    ):
        default = E2E_BACKENDS if metafunc.module.__name__.startswith("tests.e2e.") else BACKENDS
        backends = getattr(metafunc.module, "BACKENDS", default)
        metafunc.parametrize("database_url", backends, indirect=True)


def _chooses_backend(metafunc: pytest.Metafunc) -> bool:
    return any(
        "database_url" in marker.args[0]
        for marker in metafunc.definition.iter_markers("parametrize")
    )


@pytest.fixture
def any_backend(container: Container) -> Container:
    return container


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(autouse=True)
def prepared_reads_not_replayed(request: pytest.FixtureRequest) -> Iterator[None]:
    """A prepared read that fails is replayed through SQLAlchemy: a bug on the fast path
    would pass every test unseen. Outside tests that break a connection on purpose, a replay
    fails the test."""
    records = _Records()
    storage = logging.getLogger("folio.storage")
    storage.addHandler(records)
    try:
        yield
    finally:
        storage.removeHandler(records)
    replays = [m for m in records.messages if m == "prepared_read_replayed"]
    if replays and not request.node.get_closest_marker("replays_prepared_reads"):
        pytest.fail(f"{len(replays)} prepared read(s) failed and were replayed")
