"""Settings of the serving process: where it listens, what it accepts, how long a request may
take, what it logs and exposes."""

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode


class ServingSettings(BaseModel):
    # Each setting's docstring is its description: the configuration reference is made of them.
    model_config = ConfigDict(use_attribute_docstrings=True)

    host: str = "127.0.0.1"
    """The interface `folio serve` listens on."""
    port: int = Field(default=8000, ge=1, le=65_535)
    """The port `folio serve` listens on."""
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Comma-separated origins allowed to call the API from a browser."""
    allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Host names clients use (the `Host` header), comma-separated; `*.example.com` allows
    subdomains. Any other host gets 400. Unset: `localhost,127.0.0.1,::1` outside production;
    required in production.
    """
    docs_enabled: bool | None = None
    """Serve `/docs`, `/redoc` and `/openapi.json` (and Conduit's `/api/docs`). Unset: on outside
    production, off in production.
    """
    max_request_body_bytes: int = Field(default=1_048_576, ge=1_024)
    """Larger request bodies get 413."""
    log_level: str = "INFO"
    """Level of the logs on stderr. At `INFO`, one access line per request."""
    metrics_token: SecretStr | None = Field(default=None, min_length=16)
    """At least 16 characters: `GET /metrics` answers Prometheus when sent `Authorization: Bearer
    <token>`. Unset: no `/metrics`.
    """
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65_535)
    """`folio worker` answers `GET /metrics` on this port, with `METRICS_TOKEN`'s bearer token,
    which it requires.
    """
    log_format: Literal["json", "text"] | None = None
    """`json`: one object per line, for log collectors; `text`: readable lines with the same
    fields. Unset: `text` in development, `json` otherwise.
    """
    keep_alive_timeout_seconds: int = Field(default=5, ge=1)
    """Idle keep-alive connections are closed after this long; behind a proxy that reuses
    connections, set it above the proxy's idle timeout.
    """
    header_timeout_seconds: float = Field(default=10.0, gt=0)
    """A connection whose request headers are not complete after this long is closed."""

    conduit_enabled: bool = True
    """Serve the RealWorld (Conduit) API under `/api`."""

    request_timeout_seconds: float = Field(default=5.0, gt=0)
    """A request still unanswered then is cancelled (its transaction rolls back) and answered 503
    with `Retry-After`; a client still sending its body then gets 408.
    """
    idempotency_key_ttl_hours: float = Field(default=24, gt=0, le=24 * 30)
    """How long an `Idempotency-Key` and its first response are kept."""
    readiness_timeout_seconds: float = Field(default=1.0, gt=0)
    """`/health/ready` answers 503 when storage has not answered within this time."""

    @field_validator("cors_origins", "allowed_hosts", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def _worker_metrics_need_a_token(self) -> Self:
        if self.worker_metrics_port is not None and self.metrics_token is None:
            raise ValueError("WORKER_METRICS_PORT needs METRICS_TOKEN, the scrape's bearer token.")
        return self
