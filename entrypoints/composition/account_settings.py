"""Settings of accounts and sessions: tokens, password hashing, throttling, mailed links."""

import os
from pathlib import Path
from typing import Literal, Self

import limits
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator


class AccountSettings(BaseModel):
    # Each setting's docstring is its description: the configuration reference is made of them.
    model_config = ConfigDict(use_attribute_docstrings=True)

    jwt_secret: SecretStr | None = None
    """The service's secret, at least 32 bytes; shorter ones stop start-up: keys for cursors and
    login challenges are derived from it, and HS256 tokens are signed with it. Unset,
    development generates one into `DATA_DIR/jwt-secret`; production refuses to start.
    """
    jwt_algorithm: Literal["EdDSA", "HS256"] = "EdDSA"
    """What new access tokens are signed with: `EdDSA`, the key ring's active Ed25519 key, its
    public keys at `/.well-known/jwks.json`; or `HS256` with `JWT_SECRET`, verifiable only by
    this service. Tokens signed the other way before a change keep working until they expire.
    """
    signing_keys_file: Path | None = None
    """Keep the signing key ring in this JSON file instead of the database (setups whose
    storage is in memory, or whose instances share a disk but not a database).
    """
    signing_keys_refresh_seconds: float = Field(default=10.0, ge=0.1, le=300)
    """How often each process reloads the key ring, so `folio keys` changes reach it without
    a restart.
    """
    jwks_max_age_seconds: int = Field(default=300, ge=0, le=86_400)
    """How long clients may cache `/.well-known/jwks.json` (`Cache-Control: max-age`)."""
    signing_key_promotion_delay_seconds: float = Field(default=900, ge=0)
    """How long a new key is published before `folio keys promote` lets it sign; at least
    `JWKS_MAX_AGE_SECONDS` plus `SIGNING_KEYS_REFRESH_SECONDS`, so every verifier has it.
    """
    key_encryption_key: SecretStr | None = None
    """32 random bytes in base64 sealing stored secrets (two-factor secrets, signing keys);
    unset, a key derived from `JWT_SECRET` does.
    """
    require_admin_mfa: bool = False
    """Admin actions on accounts need the admin's own two-factor to be on."""
    jwt_issuer: str = "folio"
    """`iss` of access tokens, checked exactly."""
    jwt_audience: str = "folio-api"
    """`aud` of v1 access tokens, checked exactly."""
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=86_400)
    """Lifetime of a v1 access token."""
    refresh_token_ttl_days: int = Field(default=30, ge=1, le=365)
    """Absolute lifetime of a refresh-token family; rotation does not extend it."""
    reauthentication_max_age_seconds: int = Field(default=300, ge=30, le=3600)
    """How recent the caller's authentication must be (the token's `auth_time`) to end other
    sessions or administer accounts; older gets 401 `reauthentication-required`, answered by
    `POST /api/v1/auth/reauthenticate`.
    """
    audit_retention_days: int = Field(default=365, ge=1, le=10 * 365)
    """How long security events (the audit trail) are kept; the worker deletes older ones."""
    refresh_reuse_grace_seconds: float = Field(default=5.0, ge=0, le=60)
    """A used refresh token presented again within this time is refused without revoking its family
    (concurrent refreshes); later it is a replay and revokes it; `0` turns the window off.
    """

    # argon2-cffi's RFC 9106 low-memory profile: argon2id, 64 MiB, 3 passes, 4 lanes.
    argon2_time_cost: int = Field(default=3, ge=1)
    """argon2id passes (argon2-cffi's RFC 9106 low-memory profile); hashes made with other
    parameters are upgraded at the next login.
    """
    argon2_memory_cost: int = Field(default=65_536, ge=8)
    """argon2id memory per hash, in KiB."""
    argon2_parallelism: int = Field(default=4, ge=1)
    """argon2id lanes."""
    password_hashing_concurrency: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    """Hashes computed at once (default: the CPU count); each takes `ARGON2_MEMORY_COST` KiB, so
    this bounds memory under a login storm.
    """

    conduit_token_ttl_seconds: int = Field(default=86_400, ge=60, le=30 * 86_400)
    """Lifetime of Conduit's access tokens."""
    # Each API's tokens carry its own audience and open that API only.
    conduit_jwt_audience: str = "folio-conduit"
    """`aud` of Conduit's access tokens; it must differ from `JWT_AUDIENCE`, so each API refuses
    the other's tokens.
    """

    # Throttling of logins, sign-ups, refreshes and reset requests (docs/security.md): "N/period"
    # as the `limits` library reads it. REDIS_URL shares the counts between instances.
    throttle_login_failures_per_account_and_address: str = "10/15 minutes"
    """Failed logins for one account from one address; a successful login clears them."""
    throttle_logins_per_address: str = "100/15 minutes"
    """Login attempts (v1, OAuth2 form, Conduit) from one address, any account."""
    throttle_registrations_per_address: str = "20/hour"
    """Sign-ups (both APIs) from one address."""
    throttle_refreshes_per_address: str = "120/minute"
    """Token refreshes from one address."""
    throttle_password_resets_per_address: str = "20/hour"  # noqa: S105 (a rate)
    """Password-reset requests from one address."""
    throttle_reset_confirmations_per_address: str = "20/hour"
    """Reset confirmations (`POST /auth/password-reset/confirm`) from one address."""
    throttle_verification_requests_per_address: str = "20/hour"
    """Requests for another verification mail from one address."""
    throttle_password_check_failures_per_account: str = "10/15 minutes"  # noqa: S105 (a rate)
    """Wrong current passwords given by a signed-in session for one account (`PUT
    /users/me/password`, an e-mail change); a right one clears them.
    """
    throttle_key_prefix: str = "folio"
    """Prefix of the throttle's keys in Redis: the same for every instance of one installation."""

    password_reset_ttl_minutes: int = Field(default=30, ge=5, le=24 * 60)
    """Lifetime of a password-reset token."""
    password_reset_mails_per_hour: int = Field(default=3, ge=1)
    """Reset mails per account per hour."""
    email_verification_ttl_hours: int = Field(default=24, ge=1, le=30 * 24)
    """Lifetime of an address-verification token."""
    verification_mails_per_hour: int = Field(default=5, ge=1)
    """Verification mails per account per hour, whatever asked for them (sign-up, a new address, a
    request for another).
    """
    require_verified_email: bool = False
    """Posts and comments wait for a verified address (403 until then)."""

    @model_validator(mode="after")
    def _keys_published_before_they_sign(self) -> Self:
        least = self.jwks_max_age_seconds + self.signing_keys_refresh_seconds
        if self.signing_key_promotion_delay_seconds < least:
            raise ValueError(
                f"SIGNING_KEY_PROMOTION_DELAY_SECONDS must be at least {least:g} "
                "(JWKS_MAX_AGE_SECONDS + SIGNING_KEYS_REFRESH_SECONDS), or a verifier may meet a "
                "token signed by a key it has not fetched."
            )
        return self

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
