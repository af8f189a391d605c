import gc
from pathlib import Path

import pytest
from argon2 import profiles
from dependency_injector import providers

from adapters.memory.unit_of_work import MemoryUnitOfWork
from adapters.security.jwt_access_tokens import InsecureSecret
from adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from application.errors import StorageUnavailable
from application.paging import PageQuery
from entrypoints.composition import lifecycle
from entrypoints.composition.container import Container
from entrypoints.composition.secrets import MissingSecret
from entrypoints.composition.settings import Settings
from tests.databases import create_postgres_database, drop_postgres_database
from tests.support import build_container, free_port, settings_for_tests


def test_database_url_picks_the_backend(tmp_path: Path) -> None:
    memory = build_container(settings_for_tests("memory://"))
    assert isinstance(memory.unit_of_work(), MemoryUnitOfWork)
    sqlite = build_container(settings_for_tests(f"sqlite:///{tmp_path}/x.db"))
    assert isinstance(sqlite.unit_of_work(), SqlUnitOfWork)
    assert sqlite.settings().sqlalchemy_url.startswith("sqlite+aiosqlite:///")


def test_plain_postgresql_urls_use_asyncpg() -> None:
    settings = Settings.model_validate({"database_url": "postgresql://u@db:5432/folio"})
    assert settings.sqlalchemy_url == "postgresql+asyncpg://u@db:5432/folio"
    assert settings.storage_backend == "sql"


def test_the_default_is_an_embedded_sqlite_file_under_data() -> None:
    settings = Settings.model_validate({})
    assert settings.sqlalchemy_url == "sqlite+aiosqlite:///./data/folio.db"
    assert settings.is_embedded_sqlite


def test_pwd05_the_production_container_wires_rfc9106_low_memory() -> None:
    hasher = build_container(Settings.model_validate({"jwt_secret": "x" * 32})).password_hasher()
    params = hasher._inner._hasher
    expected = profiles.RFC_9106_LOW_MEMORY
    assert (params.time_cost, params.memory_cost, params.parallelism) == (
        expected.time_cost,
        expected.memory_cost,
        expected.parallelism,
    )
    hasher.close()


async def test_tok03_start_refuses_a_secret_shorter_than_32_bytes() -> None:
    container = build_container(settings_for_tests(jwt_secret="too short"))
    with pytest.raises(InsecureSecret):
        await lifecycle.start(container)


async def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    container = build_container(
        settings_for_tests(app_env="production", jwt_secret=None, data_dir=tmp_path)
    )
    with pytest.raises(MissingSecret):
        await lifecycle.start(container)


async def test_development_generates_a_secret_once_and_keeps_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def secret() -> str:
        settings = settings_for_tests(app_env="development", jwt_secret=None, data_dir=tmp_path)
        return str(build_container(settings).jwt_secret())

    first = secret()
    assert "generated a development secret" in caplog.text
    assert len(first.encode()) >= 32
    assert secret() == first
    assert (tmp_path / "jwt-secret").stat().st_mode & 0o777 == 0o600


async def test_auth07_embedded_sqlite_migrates_itself_and_starts_empty(tmp_path: Path) -> None:
    container = build_container(settings_for_tests(f"sqlite+aiosqlite:///{tmp_path}/new/f.db"))
    await lifecycle.start(container)
    async with container.unit_of_work() as uow:
        assert (await uow.users.search(None, PageQuery(limit=1))).items == []
    await lifecycle.stop(container)


@pytest.mark.usefixtures("postgres_url")  # skips or fails, as the suite does, without a server
async def test_postgres_refuses_to_serve_an_unmigrated_schema() -> None:
    url = await create_postgres_database(migrate=False)
    container = build_container(settings_for_tests(url))
    try:
        with pytest.raises(lifecycle.SchemaOutdated, match="folio migrate"):
            await lifecycle.start(container)
    finally:
        await container.engine().dispose()
        await drop_postgres_database(url)


def test_cors_origins_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORS_ORIGINS", "https://a.example, https://b.example")
    assert Settings(_env_file=None).cors_origins == [  # type: ignore[call-arg]
        "https://a.example",
        "https://b.example",
    ]


async def test_a_served_process_freezes_what_start_up_built() -> None:
    """So that full garbage collections walk only what requests create."""
    container = build_container(settings_for_tests(app_env="production"))
    gc.unfreeze()
    try:
        await lifecycle.start(container)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        await lifecycle.stop(container)


async def test_test_runs_freeze_nothing() -> None:
    container = build_container(settings_for_tests())
    gc.unfreeze()
    await lifecycle.start(container)
    assert gc.get_freeze_count() == 0
    await lifecycle.stop(container)


async def test_in14_only_long_running_processes_start_without_their_database() -> None:
    """The server and the worker wait for the database; a one-shot command fails at once."""
    unreachable = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/folio"
    container = build_container(settings_for_tests(unreachable))
    try:
        with pytest.raises(ConnectionRefusedError):
            await lifecycle.start(container)
        await lifecycle.start(container, long_running=True)
        with pytest.raises(StorageUnavailable):
            await container.storage_health().ping()
    finally:
        await container.engine().dispose()


def positional_provider_arguments(container: type[Container]) -> list[str]:
    """Every provider of the container, however deeply nested (in another's arguments, a
    selector's choices), that passes an argument by position."""
    found: list[str] = []
    seen: set[int] = set()

    calls = (providers.Callable, providers.Factory, providers.BaseSingleton)

    def visit(where: str, provider: object) -> None:
        if not isinstance(provider, providers.Provider) or id(provider) in seen:
            return
        seen.add(id(provider))
        if isinstance(provider, calls):
            if provider.args:
                found.append(where)
            for name, argument in provider.kwargs.items():
                visit(f"{where}.{name}", argument)
            for position, argument in enumerate(provider.args):
                visit(f"{where}[{position}]", argument)
        if isinstance(provider, providers.Selector):
            for choice, option in provider.providers.items():
                visit(f"{where}<{choice}>", option)

    for name, provider in container.providers.items():
        visit(name, provider)
    return found


def test_every_provider_argument_is_passed_by_keyword() -> None:
    """By position, a provider is silently wrong the day a signature changes its order."""
    assert positional_provider_arguments(Container) == []
