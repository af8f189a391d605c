"""Access tokens as HS256 JWTs (RFC 8725 best practices, RFC 9068 `at+jwt` type)."""

import secrets
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

from application.ports.access_tokens import AccessTokens, IssuedAccessToken, VerifiedAccessToken
from application.ports.clock import Clock
from domain.errors import AuthenticationFailed

ALGORITHM = "HS256"
TOKEN_TYPE = "at+jwt"  # noqa: S105 - the RFC 9068 type header, not a secret
MIN_SECRET_BYTES = 32
MAX_LEEWAY = timedelta(seconds=10)
_REQUIRED_CLAIMS = ["sub", "exp", "iat", "jti", "iss", "aud"]


class InsecureSecret(ValueError):
    pass


def signing_key(secret: str) -> bytes:
    key = secret.encode()
    if len(key) < MIN_SECRET_BYTES:
        raise InsecureSecret(
            f"JWT_SECRET is {len(key)} bytes; it must be at least {MIN_SECRET_BYTES} random "
            "bytes (e.g. `openssl rand -base64 48`)."
        )
    return key


class JwtAccessTokens(AccessTokens):
    def __init__(
        self,
        *,
        secret: str,
        issuer: str,
        audience: str,
        lifetime: timedelta,
        clock: Clock,
        leeway: timedelta = timedelta(seconds=5),
    ) -> None:
        key = signing_key(secret)
        if leeway > MAX_LEEWAY:
            raise ValueError(f"leeway must be at most {MAX_LEEWAY.seconds} s.")
        self._key, self._issuer, self._audience = key, issuer, audience
        self._lifetime, self._clock, self._leeway = lifetime, clock, leeway
        self._jwt = jwt.PyJWT(options={"enforce_minimum_key_length": True})

    def issue(
        self, user_id: UUID, session_id: UUID, authenticated_at: datetime
    ) -> IssuedAccessToken:
        lifetime, now = self._lifetime, self._clock.now()
        claims = {
            "sub": str(user_id),
            "sid": str(session_id),
            "auth_time": int(authenticated_at.timestamp()),  # RFC 9068 2.2.1, in whole seconds
            "iat": now,
            "exp": now + lifetime,
            "jti": secrets.token_hex(16),
            "iss": self._issuer,
            "aud": self._audience,
        }
        token = self._jwt.encode(
            claims, self._key, algorithm=ALGORITHM, headers={"typ": TOKEN_TYPE}
        )
        return IssuedAccessToken(token, int(lifetime.total_seconds()))

    def verify(self, token: str) -> VerifiedAccessToken:
        try:
            decoded = self._jwt.decode_complete(
                token,
                self._key,
                algorithms=[ALGORITHM],  # pinned: never taken from the token's header
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": _REQUIRED_CLAIMS, "strict_aud": True},
            )
            if decoded["header"].get("typ") != TOKEN_TYPE:
                raise jwt.InvalidTokenError("not an access token")
            claims = decoded["payload"]
            return VerifiedAccessToken(
                user_id=UUID(claims["sub"]),
                expires_at=datetime.fromtimestamp(claims["exp"], tz=UTC),
                session_id=UUID(claims["sid"]) if "sid" in claims else None,
                authenticated_at=_instant(claims.get("auth_time")),
            )
        except (jwt.PyJWTError, ValueError, TypeError) as e:
            raise AuthenticationFailed("The access token is invalid or expired.") from e


def _instant(seconds: object) -> datetime | None:
    if seconds is None:
        return None
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        raise TypeError("auth_time must be a whole number of seconds")
    return datetime.fromtimestamp(seconds, tz=UTC)
