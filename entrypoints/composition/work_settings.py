"""Settings of background work and what it does: the outbox worker, mail, live updates."""

from pydantic import BaseModel, Field, SecretStr, field_validator


class WorkSettings(BaseModel):
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

    @field_validator("web_app_url")
    @classmethod
    def _an_absolute_web_address(cls, value: str) -> str:
        # Mail links are built on it: a relative or empty one would mail links that go nowhere.
        scheme, _, rest = value.partition("://")
        if scheme not in ("http", "https") or not rest.strip("/"):
            raise ValueError("use an absolute http(s) address, such as https://blog.example.com")
        return value
