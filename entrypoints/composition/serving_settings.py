"""Settings of the serving process: where it listens, what it accepts, how long a request may
take, what it logs and exposes."""

from typing import Annotated, Literal, Self

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode


class ServingSettings(BaseModel):
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

    # A request still unanswered after this many seconds gets 503 (a hung database, say), or
    # 408 when the client has not finished sending its body.
    request_timeout_seconds: float = Field(default=5.0, gt=0)
    idempotency_key_ttl_hours: float = Field(default=24, gt=0, le=24 * 30)
    readiness_timeout_seconds: float = Field(default=1.0, gt=0)

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
