"""Settings of background work and what it does: the outbox worker, mail, live updates."""

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator


class WorkSettings(BaseModel):
    # Each setting's docstring is its description: the configuration reference is made of them.
    model_config = ConfigDict(use_attribute_docstrings=True)

    # Background work: the outbox worker.
    worker_embedded: bool | None = None
    """Run the background worker inside `folio serve`. Unset: on with SQLite and `memory://`, off
    with PostgreSQL (run `folio worker`).
    """
    worker_batch_size: int = Field(default=20, ge=1, le=1_000)
    """Events a worker claims at once."""
    worker_lease_seconds: float = Field(default=60.0, ge=1)
    """How long a claimed event stays with its worker; a handler gets half of it."""
    worker_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    """How often an idle worker looks for due events (it is also woken at commit)."""
    worker_max_attempts: int = Field(default=8, ge=1)
    """Attempts before an event is dead."""
    worker_retry_first_delay_seconds: float = Field(default=2.0, ge=0)
    """Backoff after the first failed attempt; it doubles with each attempt, with jitter over its
    upper half.
    """
    worker_retry_max_delay_seconds: float = Field(default=1_800.0, ge=0)
    """The longest backoff between attempts."""
    outbox_keep_completed_hours: float = Field(default=24.0, ge=0)
    """How long handled events are kept."""

    # Mail.
    smtp_url: SecretStr | None = None
    """Mail server: `smtp://host:25`, `smtp+starttls://user:pass@host:587` or
    `smtps://user:pass@host:465`. Unset: development keeps mail to read, elsewhere the log only
    says a mail would have gone.
    """
    smtp_ca_file: str | None = None
    """CA bundle for the mail server's certificate (default: the system's trust store)."""
    smtp_timeout_seconds: float = Field(default=15.0, gt=0)
    """Time allowed per mail."""
    mail_from: str = "Folio <no-reply@folio.invalid>"
    """Sender of every mail."""
    web_app_url: str = "http://127.0.0.1:8000"
    """The web client that mail links open: an absolute `http(s)://` address. The default is this
    server, which serves `/reset-password` and `/verify-email`.
    """

    # Live updates over WebSockets at /api/v1/live (docs/live-updates.md).
    live_enabled: bool = True
    """Serve live updates over WebSockets at `/api/v1/live`."""
    live_redis_channel: str = "folio:live"
    """With `REDIS_URL`, the pub/sub channel that carries live events to every serving process."""
    live_auth_timeout_seconds: float = Field(default=5.0, gt=0)
    """A socket that has not authenticated within this time is closed."""
    live_reauth_grace_seconds: float = Field(default=10.0, gt=0)
    """When a socket's access token expires, the time it has to send a new one."""
    live_max_connections: int = Field(default=10_000, ge=1)
    """Sockets per process; more are closed with 1013."""
    live_max_connections_per_account: int = Field(default=10, ge=1)
    """Sockets per account; more are closed with 4429."""
    live_max_subscriptions: int = Field(default=100, ge=1)
    """Subscriptions per socket."""
    live_send_queue_limit: int = Field(default=256, ge=1)
    """Messages waiting to be sent to one socket: a client too slow to keep up is closed (1013)."""
    live_max_client_errors: int = Field(default=5, ge=1)
    """Invalid client messages before the socket is closed (1008)."""
    live_resume_events: int = Field(default=1_000, ge=0)
    """Events kept to replay on `resume`."""
    live_resume_seconds: int = Field(default=600, ge=0)
    """How long events are kept to replay on `resume`."""
    live_ping_interval_seconds: float = Field(default=20.0, gt=0)
    """How often the server pings each socket."""
    live_ping_timeout_seconds: float = Field(default=20.0, gt=0)
    """A socket whose pong does not come within this time is closed."""
    # permessage-deflate compresses every message once per socket: with one event fanned out
    # to many sockets it was a fifth of the server's CPU (bench/live.py), so it is off unless
    # asked for (worth it for large messages over slow links).
    live_compression: bool = False
    """Compress messages (permessage-deflate); off because under fan-out it cost a fifth of the
    server's CPU.
    """

    @field_validator("web_app_url")
    @classmethod
    def _an_absolute_web_address(cls, value: str) -> str:
        # Mail links are built on it: a relative or empty one would mail links that go nowhere.
        scheme, _, rest = value.partition("://")
        if scheme not in ("http", "https") or not rest.strip("/"):
            raise ValueError("use an absolute http(s) address, such as https://blog.example.com")
        return value
