"""Settings of accounts and sessions: tokens, password hashing, throttling, mailed links."""

import os
from typing import Self

import limits
from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator


class AccountSettings(BaseModel):
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

    conduit_token_ttl_seconds: int = Field(default=86_400, ge=60, le=30 * 86_400)
    # Each API's tokens carry its own audience and open that API only.
    conduit_jwt_audience: str = "folio-conduit"

    # Throttling of logins, sign-ups, refreshes and reset requests (see README): "N/period"
    # as the `limits` library reads it. REDIS_URL shares the counts between instances.
    throttle_login_failures_per_account_and_address: str = "10/15 minutes"
    throttle_logins_per_address: str = "100/15 minutes"
    throttle_registrations_per_address: str = "20/hour"
    throttle_refreshes_per_address: str = "120/minute"
    throttle_password_resets_per_address: str = "20/hour"  # noqa: S105 (a rate)
    throttle_reset_confirmations_per_address: str = "20/hour"
    throttle_verification_requests_per_address: str = "20/hour"
    throttle_password_check_failures_per_account: str = "10/15 minutes"  # noqa: S105 (a rate)
    throttle_key_prefix: str = "folio"

    password_reset_ttl_minutes: int = Field(default=30, ge=5, le=24 * 60)
    password_reset_mails_per_hour: int = Field(default=3, ge=1)
    email_verification_ttl_hours: int = Field(default=24, ge=1, le=30 * 24)
    verification_mails_per_hour: int = Field(default=5, ge=1)
    # On: writing posts and comments waits until the account's address is confirmed.
    require_verified_email: bool = False

    @model_validator(mode="after")
    def _audiences_differ(self) -> Self:
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
