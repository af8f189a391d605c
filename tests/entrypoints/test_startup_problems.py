"""A service that cannot start says why in one line per problem naming the setting, and exits
with the code docs/getting-started.md lists: 3 for a setting, 4 for the database, 5 for the
schema. No traceback, no password."""

import base64
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy import make_url

from entrypoints.cli.main import main
from entrypoints.composition.settings import Settings
from entrypoints.host import startup
from entrypoints.host.startup import EXIT_CONFIGURATION, EXIT_SCHEMA, EXIT_STORAGE
from tests.databases import create_postgres_database, drop_postgres_database, run_sync

SECRET = "a-signing-secret-of-more-than-32-bytes"
PRODUCTION = {"APP_ENV": "production", "ALLOWED_HOSTS": "api.example.com", "JWT_SECRET": SECRET}


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.chdir(tmp_path)  # no .env, and data/ in a temporary folder
    for name in (
        "APP_ENV",
        "ALLOWED_HOSTS",
        "JWT_SECRET",
        "DATABASE_URL",
        "PORT",
        "REDIS_URL",
        "WEB_APP_URL",
        "METRICS_TOKEN",
        "WORKER_BATCH_SIZE",
    ):
        monkeypatch.delenv(name, raising=False)
    # `folio worker` sets up logging to the stderr it found, captured for one test only.
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    **environment: str,
) -> tuple[int, str]:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    code = main(command)
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize(
    ("environment", "named"),
    [
        ({"APP_ENV": "prod"}, "APP_ENV:"),
        ({"PORT": "abc"}, "PORT:"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL:"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "REDIS_URL:"),
        ({"WEB_APP_URL": "/reset"}, "WEB_APP_URL:"),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS:"),
        ({**PRODUCTION, "JWT_SECRET": ""}, "JWT_SECRET"),
        ({**PRODUCTION, "JWT_SECRET": "short"}, "JWT_SECRET is 5 bytes"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    environment: dict[str, str],
    named: str,
) -> None:
    if environment.get("JWT_SECRET") == "":
        del environment["JWT_SECRET"]
    code, err = run(monkeypatch, capsys, ["serve"], **environment)
    assert code == EXIT_CONFIGURATION
    [line] = err.splitlines()
    assert line.startswith(f"folio: {named}"), line


def test_every_problem_is_said_at_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(monkeypatch, capsys, ["serve"], APP_ENV="production")
    assert code == EXIT_CONFIGURATION
    assert [line.split(":")[1].split()[0] for line in err.splitlines()] == [
        "ALLOWED_HOSTS",
        "JWT_SECRET",
    ]


def test_invalid_values_are_all_listed_in_plain_words(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = run(
        monkeypatch,
        capsys,
        ["serve"],
        PORT="abc",
        METRICS_TOKEN="abc",
        WORKER_BATCH_SIZE="0",
        APP_ENV="prod",
    )
    assert code == EXIT_CONFIGURATION
    assert sorted(err.splitlines()) == [
        "folio: APP_ENV: use one of 'development', 'test' or 'production'.",
        "folio: METRICS_TOKEN: use at least 16 characters (this one has 3).",
        "folio: PORT: use a whole number.",
        "folio: WORKER_BATCH_SIZE: use a number of at least 1.",
    ]


def test_an_unreachable_database_is_one_line_without_its_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://folio:s3cret-pw@127.0.0.1:1/folio"
    code, err = run(monkeypatch, capsys, ["migrate"], DATABASE_URL=url)
    assert code == EXIT_STORAGE
    [line] = err.splitlines()
    assert "127.0.0.1:1/folio" in line
    assert "does not answer" in line
    assert "s3cret-pw" not in err


def test_a_missing_database_says_how_to_create_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], postgres_url: str
) -> None:
    missing = make_url(postgres_url).set(database="folio_no_such_database")
    url = missing.render_as_string(hide_password=False)
    code, err = run(monkeypatch, capsys, ["migrate"], DATABASE_URL=url)
    assert code == EXIT_STORAGE
    [line] = err.splitlines()
    assert "createdb folio_no_such_database" in line


@pytest.fixture(scope="module")
def empty_database() -> Iterator[str]:
    url = run_sync(create_postgres_database(migrate=False))
    yield url
    run_sync(drop_postgres_database(url))


@pytest.mark.parametrize(
    "command",
    [
        ["serve"],
        ["worker"],
        ["outbox"],
        ["outbox", "retry"],
        ["create-admin", "--email", "admin@example.com", "--username", "admin"],
        ["seed", "--users", "1", "--posts", "0"],
    ],
)
def test_a_database_without_the_schema_is_one_line_and_one_exit_code_for_every_command(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    empty_database: str,
    command: list[str],
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a long admin password\n"))
    code, err = run(monkeypatch, capsys, command, DATABASE_URL=empty_database)
    assert code == EXIT_SCHEMA
    assert err == (
        "folio: the database schema is not at the latest migration: run `folio migrate` "
        "(`make migrate` in a checkout).\n"
    )


def test_production_without_a_mail_server_or_a_key_encryption_key_is_warned_of() -> None:
    mail, key = startup.warnings(Settings(app_env="production"))
    assert mail.startswith("SMTP_URL is not set: in production no mail is sent")
    assert key.startswith("KEY_ENCRYPTION_KEY is not set: two-factor secrets and signing keys")
    complete = Settings(
        app_env="production",
        smtp_url=SecretStr("smtp://mail.example.com"),
        key_encryption_key=SecretStr(base64.b64encode(bytes(32)).decode()),
    )
    assert startup.warnings(complete) == []
    assert startup.warnings(Settings(app_env="development")) == []


@pytest.mark.parametrize("key", ["not base64!", base64.b64encode(bytes(16)).decode()])
def test_a_key_encryption_key_that_is_no_32_bytes_stops_start_up(key: str) -> None:
    settings = Settings(jwt_secret=SecretStr("s" * 40), key_encryption_key=SecretStr(key))
    with pytest.raises(startup.StartupProblem) as stopped:
        startup.check_signing_secret(settings)
    assert "KEY_ENCRYPTION_KEY must be 32 random bytes" in str(stopped.value)


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    # As compose passes `${SMTP_URL:-}` when it is not given.
    for name in ("SMTP_URL", "WEB_APP_URL", "JWT_SECRET"):
        monkeypatch.setenv(name, "")
    settings = Settings()
    assert settings.smtp_url is None
    assert settings.jwt_secret is None
    assert settings.web_app_url == "http://127.0.0.1:8000"
