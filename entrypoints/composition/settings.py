"""Configuration from environment variables and `.env`."""

import os
from pathlib import Path
from typing import Annotated, Literal

import limits
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

Backend = Literal["memory", "sql"]
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_DRIVER_FOR_SCHEME = {
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
    "sqlite": "sqlite+aiosqlite",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    app_env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./data/folio.db"
    data_dir: Path = Path("data")

    jwt_secret: SecretStr | None = None
    jwt_issuer: str = "folio"
    jwt_audience: str = "folio-api"
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86_400)
    refresh_token_ttl_days: int = Field(default=30, ge=1, le=365)
    # A used refresh token presented again within this many seconds (two tabs refreshing at
    # once) is refused without ending the session; later, reuse revokes the whole family.
    refresh_reuse_grace_seconds: float = Field(default=5.0, ge=0, le=60)

    # argon2-cffi's RFC 9106 low-memory profile: argon2id, 64 MiB, 3 passes, 4 lanes.
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost: int = Field(default=65_536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)
    password_hashing_concurrency: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)

    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65_535)
    # Comma-separated in the environment: CORS_ORIGINS=https://a.example,https://b.example
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Host names clients reach the service by (Host header), comma-separated; "*.example.com"
    # allows subdomains. Unset: local names outside production; production refuses to start.
    allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # /docs, /redoc and /openapi.json. Unset: served outside production, not in production.
    docs_enabled: bool | None = None
    max_request_body_bytes: int = Field(default=1_048_576, ge=1_024)
    log_level: str = "INFO"
    # Unset: no /metrics. Set: GET /metrics answers Prometheus with this bearer token.
    metrics_token: SecretStr | None = Field(default=None, min_length=16)
    # Unset: `folio worker` serves no metrics. Set: it answers GET /metrics on this port (at
    # HOST), with METRICS_TOKEN's bearer token.
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65_535)
    # "json" (one object per line, for collectors) or "text" (for people). Unset: text in
    # development, JSON otherwise.
    log_format: Literal["json", "text"] | None = None
    # An idle keep-alive connection is closed after this long; behind a proxy that reuses
    # connections, make it longer than the proxy's own idle timeout.
    keep_alive_timeout_seconds: int = Field(default=5, ge=1)
    # A connection whose request headers are not complete after this long is closed.
    header_timeout_seconds: float = Field(default=10.0, gt=0)

    # The RealWorld (Conduit) API under /api, for Conduit web and mobile clients.
    conduit_enabled: bool = True
    conduit_token_ttl_seconds: int = Field(default=86_400, ge=60, le=30 * 86_400)
    # Each API's tokens carry its own audience and open that API only.
    conduit_jwt_audience: str = "folio-conduit"

    db_pool_size: int = Field(default=10, ge=1)
    db_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    db_pool_pre_ping: bool = True
    db_statement_timeout_ms: int = Field(default=15_000, ge=100)
    # PgBouncer in transaction mode between Folio and PostgreSQL (DATABASE_URL points at it):
    # every statement runs in a transaction, no prepared statement is kept, and
    # DB_STATEMENT_TIMEOUT_MS is not sent (set statement_timeout on the role). See
    # docs/deploy.md.
    db_transaction_pooler: bool = False
    # A direct PostgreSQL address (not through a transaction pooler) on which workers LISTEN
    # for new events; unset with DB_TRANSACTION_POOLER, workers find new events by polling.
    database_listen_url: SecretStr | None = None
    # A request still unanswered after this many seconds gets 503 (a hung database, say), or
    # 408 when the client has not finished sending its body.
    request_timeout_seconds: float = Field(default=5.0, gt=0)
    idempotency_key_ttl_hours: float = Field(default=24, gt=0, le=24 * 30)
    readiness_timeout_seconds: float = Field(default=1.0, gt=0)

    # Throttling of logins, sign-ups, refreshes and reset requests (see README): "N/period"
    # as the `limits` library reads it. REDIS_URL shares the counts between instances.
    redis_url: SecretStr | None = None
    throttle_login_failures_per_account_and_address: str = "10/15 minutes"
    throttle_logins_per_address: str = "100/15 minutes"
    throttle_registrations_per_address: str = "20/hour"
    throttle_refreshes_per_address: str = "120/minute"
    throttle_password_resets_per_address: str = "20/hour"  # noqa: S105 (a rate)
    throttle_reset_confirmations_per_address: str = "20/hour"
    throttle_verification_requests_per_address: str = "20/hour"
    throttle_password_check_failures_per_account: str = "10/15 minutes"  # noqa: S105 (a rate)
    throttle_key_prefix: str = "folio"

    # Background work (the outbox worker). Unset, WORKER_EMBEDDED means: on with SQLite and
    # memory://, off with PostgreSQL (run `folio worker` processes there).
    worker_embedded: bool | None = None
    worker_batch_size: int = Field(default=20, ge=1, le=1_000)
    worker_lease_seconds: float = Field(default=60.0, ge=1)
    worker_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    worker_max_attempts: int = Field(default=8, ge=1)
    worker_retry_first_delay_seconds: float = Field(default=2.0, ge=0)
    worker_retry_max_delay_seconds: float = Field(default=1_800.0, ge=0)
    outbox_keep_completed_hours: float = Field(default=24.0, ge=0)

    # Mail: SMTP_URL unset means the console mailer (the log says a mail was sent).
    smtp_url: SecretStr | None = None
    smtp_ca_file: str | None = None
    smtp_timeout_seconds: float = Field(default=15.0, gt=0)
    mail_from: str = "Folio <no-reply@folio.invalid>"
    # Where the links in mails point (the web client's address).
    web_app_url: str = "http://127.0.0.1:8000"

    password_reset_ttl_minutes: int = Field(default=30, ge=5, le=24 * 60)
    password_reset_mails_per_hour: int = Field(default=3, ge=1)
    email_verification_ttl_hours: int = Field(default=24, ge=1, le=30 * 24)
    verification_mails_per_hour: int = Field(default=5, ge=1)
    # On: writing posts and comments waits until the account's address is confirmed.
    require_verified_email: bool = False

    # Live updates over WebSockets at /api/v1/live (see README). With REDIS_URL, events reach
    # every serving process through Redis pub/sub on LIVE_REDIS_CHANNEL.
    live_enabled: bool = True
    live_redis_channel: str = "folio:live"
    live_auth_timeout_seconds: float = Field(default=5.0, gt=0)
    live_reauth_grace_seconds: float = Field(default=10.0, gt=0)
    live_max_connections: int = Field(default=10_000, ge=1)
    live_max_connections_per_account: int = Field(default=10, ge=1)
    live_max_subscriptions: int = Field(default=100, ge=1)
    live_send_queue_limit: int = Field(default=256, ge=1)
    live_max_client_errors: int = Field(default=5, ge=1)
    live_resume_events: int = Field(default=1_000, ge=0)
    live_resume_seconds: int = Field(default=600, ge=0)
    live_ping_interval_seconds: float = Field(default=20.0, gt=0)
    live_ping_timeout_seconds: float = Field(default=20.0, gt=0)
    # permessage-deflate compresses every message once per socket: with one event fanned out
    # to many sockets it was a fifth of the server's CPU (bench/live.py), so it is off unless
    # asked for (worth it for large messages over slow links).
    live_compression: bool = False

    @model_validator(mode="after")
    def _worker_metrics_need_a_token(self) -> "Settings":
        if self.worker_metrics_port is not None and self.metrics_token is None:
            raise ValueError("WORKER_METRICS_PORT needs METRICS_TOKEN, the scrape's bearer token.")
        return self

    @model_validator(mode="after")
    def _audiences_differ(self) -> "Settings":
        if self.conduit_jwt_audience == self.jwt_audience:
            raise ValueError(
                "CONDUIT_JWT_AUDIENCE must differ from JWT_AUDIENCE, or each API would accept "
                "the other's tokens."
            )
        return self

    @field_validator(
        "throttle_login_failures_per_account_and_address",
        "throttle_logins_per_address",
        "throttle_registrations_per_address",
        "throttle_refreshes_per_address",
        "throttle_password_resets_per_address",
        "throttle_reset_confirmations_per_address",
        "throttle_verification_requests_per_address",
        "throttle_password_check_failures_per_account",
    )
    @classmethod
    def _a_rate(cls, value: str) -> str:
        try:
            limits.parse(value)
        except ValueError as e:
            raise ValueError(f"{value!r} is not a rate such as '10/15 minutes'") from e
        return value

    @field_validator("database_url")
    @classmethod
    def _a_database(cls, value: str) -> str:
        scheme = value.partition("://")[0]
        if scheme == "memory" or scheme.partition("+")[0] in _DRIVER_FOR_SCHEME:
            return value
        raise ValueError(
            "use sqlite:///path/to/folio.db, postgresql://user:password@host:5432/name or memory://"
        )

    @field_validator("web_app_url")
    @classmethod
    def _an_absolute_web_address(cls, value: str) -> str:
        # Mail links are built on it: a relative or empty one would mail links that go nowhere.
        scheme, _, rest = value.partition("://")
        if scheme not in ("http", "https") or not rest.strip("/"):
            raise ValueError("use an absolute http(s) address, such as https://blog.example.com")
        return value

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

    @field_validator("cors_origins", "allowed_hosts", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @property
    def serves_docs(self) -> bool:
        if self.docs_enabled is not None:
            return self.docs_enabled
        return self.app_env != "production"

    @property
    def trusted_hosts(self) -> list[str]:
        if self.allowed_hosts or self.app_env == "production":
            return self.allowed_hosts
        return list(LOCAL_HOSTS)

    @property
    def effective_log_format(self) -> Literal["json", "text"]:
        if self.log_format is not None:
            return self.log_format
        return "text" if self.app_env == "development" else "json"

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

    @property
    def runs_embedded_worker(self) -> bool:
        if self.worker_embedded is not None:
            return self.worker_embedded
        return self.storage_backend == "memory" or self.is_embedded_sqlite
