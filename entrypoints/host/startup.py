"""Why the service cannot start, said in one line per problem that names the setting and what
to do, with an exit code docs/getting-started.md lists. A server would meet these only once
started, inside uvicorn (a traceback in a log line); the command line looks for them first."""

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError

from adapters.security.jwt_access_tokens import InsecureSecret, signing_key
from adapters.sqlalchemy.connections.availability import is_unavailable
from entrypoints.composition.secrets import MissingSecret, key_encryption_key, resolve_jwt_secret
from entrypoints.composition.settings import Settings
from entrypoints.observability.tracing.provider import TracingMisconfigured, exporter_names

EXIT_CONFIGURATION = 3  # a setting is missing or invalid (uvicorn exits 3 on a port in use too)
EXIT_STORAGE = 4  # the database does not answer, refuses the login, or does not exist
EXIT_SCHEMA = 5  # the database has no schema yet, or one behind the latest migration

MISSING_ALLOWED_HOSTS = (
    "ALLOWED_HOSTS: APP_ENV=production requires the host names clients use to reach the "
    "service, comma-separated (e.g. api.example.com)."
)
_SQLSTATE_ADVICE = {
    "3D000": "it does not exist: create it (`createdb {database}`) or fix DATABASE_URL",
    "28P01": "the password was refused: fix DATABASE_URL",
    "28000": "the login was refused: fix the user in DATABASE_URL",
}


class StartupProblem(Exception):
    def __init__(self, lines: list[str], exit_code: int) -> None:
        super().__init__("; ".join(lines))
        self.lines, self.exit_code = lines, exit_code


def settings_problem(error: ValidationError) -> StartupProblem:
    """Every invalid setting, each by its environment variable and in plain words; values are
    not repeated (they may be secrets)."""
    lines = []
    for detail in error.errors():
        name = "_".join(str(part) for part in detail["loc"]).upper()
        message = _in_plain_words(detail)
        lines.append(f"{name}: {message}" if name else message)
    return StartupProblem(lines, EXIT_CONFIGURATION)


def _in_plain_words(detail: ErrorDetails) -> str:
    found, limits = detail["type"], detail.get("ctx", {})
    if found == "too_short":
        return (
            f"use at least {limits['min_length']} characters "
            f"(this one has {limits['actual_length']})."
        )
    if found in _PLAIN_WORDS:
        return _PLAIN_WORDS[found].format(**limits)
    return detail["msg"].removeprefix("Value error, ")


_PLAIN_WORDS = {
    "greater_than_equal": "use a number of at least {ge}.",
    "greater_than": "use a number above {gt}.",
    "less_than_equal": "use a number of at most {le}.",
    "less_than": "use a number below {lt}.",
    "int_parsing": "use a whole number.",
    "float_parsing": "use a number.",
    "bool_parsing": "use true or false.",
    "literal_error": "use one of {expected}.",
    "missing": "required, and not set.",
}


def warnings(settings: Settings) -> list[str]:
    """What a process can start with, but should not: said once, at start."""
    found = []
    if settings.app_env == "production" and settings.smtp_url is None:
        found.append(
            "SMTP_URL is not set: in production no mail is sent (password resets, address "
            "verification); the log only says one would have been."
        )
    if settings.app_env == "production" and settings.key_encryption_key is None:
        found.append(
            "KEY_ENCRYPTION_KEY is not set: two-factor secrets and signing keys are sealed "
            "with a key derived from JWT_SECRET, so they cannot be opened once JWT_SECRET "
            "changes."
        )
    return found


def check_signing_secret(settings: Settings) -> None:
    problem = _signing_secret_problem(settings)
    if problem:
        raise StartupProblem([problem], EXIT_CONFIGURATION)


def check_tracing() -> None:
    problem = _tracing_problem()
    if problem:
        raise StartupProblem([problem], EXIT_CONFIGURATION)


def check_server(settings: Settings) -> None:
    """What `folio serve` needs before uvicorn starts: every missing piece said at once."""
    problems = [
        MISSING_ALLOWED_HOSTS if not settings.trusted_hosts else None,
        _signing_secret_problem(settings),
        _tracing_problem(),
    ]
    if any(problems):
        raise StartupProblem([p for p in problems if p], EXIT_CONFIGURATION)


def _signing_secret_problem(settings: Settings) -> str | None:
    try:
        secret = resolve_jwt_secret(settings)
        signing_key(secret)
        key_encryption_key(settings, secret)
    except (MissingSecret, InsecureSecret) as e:
        return str(e)
    return None


def _tracing_problem() -> str | None:
    try:
        exporter_names()
    except TracingMisconfigured as e:
        return str(e)
    return None


def storage_problem(error: BaseException, database_url: str) -> StartupProblem | None:
    """The database behind DATABASE_URL cannot be used, said without its password; None for
    any other error."""
    try:
        url = make_url(database_url)
        where, database = url.render_as_string(hide_password=True), url.database
    except ArgumentError:
        where, database = "DATABASE_URL", "NAME"
    sqlstate = getattr(getattr(error, "orig", None), "sqlstate", None)
    if sqlstate in _SQLSTATE_ADVICE:
        advice = _SQLSTATE_ADVICE[sqlstate].format(database=database)
    elif is_unavailable(error):
        advice = "it does not answer: start it, or fix the host and port in DATABASE_URL"
    else:
        return None
    return StartupProblem([f"the database at {where}: {advice}."], EXIT_STORAGE)
