"""Settings of the stores: the database (and its pool), Redis."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

Backend = Literal["memory", "sql"]
_DRIVER_FOR_SCHEME = {
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}


class StorageSettings(BaseModel):
    # Each setting's docstring is its description: the configuration reference is made of them.
    model_config = ConfigDict(use_attribute_docstrings=True)

    database_url: str = "sqlite+aiosqlite:///./data/folio.db"
    """The storage backend: `sqlite:///path/to/folio.db` (embedded, migrates itself),
    `postgresql://user:password@host:5432/name` (migrate with `folio migrate`) or `memory://`
    (one process, nothing kept).
    """
    db_pool_size: int = Field(default=10, ge=1)
    """PostgreSQL connections per server process, kept open (no overflow). Requests wait for a
    connection in one queue, first come first served; a connection a request only read with goes
    straight to the longest waiting request, else to the next to come, and back to the pool
    after a second unused.
    """
    db_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    """How long a request waits for a pooled connection."""
    db_pool_pre_ping: bool = True
    """Check a pooled connection before use when it has sat idle for a second or more; `false`
    never checks, and after a database restart each process answers 503 once before it
    reconnects.
    """
    db_statement_timeout_ms: int = Field(default=15_000, ge=100)
    """PostgreSQL `statement_timeout` and the driver's command timeout; a query cut off answers
    503.
    """
    db_transaction_pooler: bool = False
    """`true` when `DATABASE_URL` points at PgBouncer in transaction mode: every statement runs in
    a transaction, no prepared statement is kept or reused, and `DB_STATEMENT_TIMEOUT_MS` is not
    sent at connect (set `statement_timeout` on the role).
    """
    database_listen_url: SecretStr | None = None
    """A direct PostgreSQL address for the workers' `LISTEN` (new events start at once); behind a
    transaction pooler without it, workers find new events at their next poll.
    """
    redis_url: SecretStr | None = None
    """`redis://host:6379/0`, or `rediss://` for TLS: throttling counts shared by every instance,
    and live updates delivered across processes. Unset, both are kept in process.
    """

    @field_validator("database_url")
    @classmethod
    def _a_database(cls, value: str) -> str:
        scheme = value.partition("://")[0]
        if scheme == "memory" or scheme.partition("+")[0] in _DRIVER_FOR_SCHEME:
            return value
        raise ValueError(
            "use sqlite:///path/to/folio.db, postgresql://user:password@host:5432/name or memory://"
        )

    @field_validator("redis_url")
    @classmethod
    def _a_redis_server(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().partition("://")[0] not in (
            "redis",
            "rediss",
        ):
            raise ValueError("use redis://host:6379/0, or rediss://host:6380/0 for TLS")
        return value

    @field_validator("database_listen_url")
    @classmethod
    def _a_postgres_database(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().partition("://")[0].partition("+")[
            0
        ] not in ("postgresql", "postgres"):
            raise ValueError("use postgresql://user:password@host:5432/name")
        return value

    @property
    def storage_backend(self) -> Backend:
        return "memory" if self.database_url.startswith("memory:") else "sql"

    @property
    def sqlalchemy_url(self) -> str:
        """DATABASE_URL with the async driver filled in: `postgresql://` means asyncpg."""
        scheme, sep, rest = self.database_url.partition("://")
        return f"{_DRIVER_FOR_SCHEME.get(scheme, scheme)}{sep}{rest}"

    @property
    def is_embedded_sqlite(self) -> bool:
        return self.sqlalchemy_url.startswith("sqlite")
