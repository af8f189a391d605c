"""Access tokens as JWTs (RFC 8725 best practices, RFC 9068 `at+jwt` type), signed by the key
ring's active Ed25519 key (`EdDSA`, named by `kid`), or with HS256 and JWT_SECRET where
JWT_ALGORITHM says so. The algorithm is never taken from a token: a token with a `kid` is
checked with that published key and EdDSA only, one without with HS256 only. Under EdDSA an
HS256 token is one from before the key ring, accepted until it expires: it must have been
issued before the ring's first key signed, for no longer than this service issues them."""

import functools
import secrets
import time
from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters.security.ed25519_keys import ALGORITHM as EDDSA
from adapters.security.key_ring import Ed25519KeyRing
from application.ports.access_tokens import AccessTokens, IssuedAccessToken, VerifiedAccessToken
from application.ports.clock import Clock
from domain.errors import AuthenticationFailed

HS256 = "HS256"
TOKEN_TYPE = "at+jwt"  # noqa: S105 - the RFC 9068 type header, not a secret
MIN_SECRET_BYTES = 32
MAX_LEEWAY = timedelta(seconds=10)
VERIFIED_TOKENS_KEPT = 4096  # at most a few MB: a token and its answer, under 1 KB each
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
        keys: Ed25519KeyRing,
        algorithm: str = EDDSA,
        leeway: timedelta = timedelta(seconds=5),
    ) -> None:
        """`algorithm`: what new tokens are signed with, EdDSA (by `keys`) or HS256."""
        key = signing_key(secret)
        if leeway > MAX_LEEWAY:
            raise ValueError(f"leeway must be at most {MAX_LEEWAY.seconds} s.")
        if algorithm not in (EDDSA, HS256):
            raise ValueError(f"JWT_ALGORITHM must be {EDDSA} or {HS256}.")
        self._key, self._issuer, self._audience = key, issuer, audience
        self._keys, self._algorithm = keys, algorithm
        self._lifetime, self._clock, self._leeway = lifetime, clock, leeway
        self._jwt = jwt.PyJWT(options={"enforce_minimum_key_length": True})
        self._checked = functools.lru_cache(maxsize=VERIFIED_TOKENS_KEPT)(self._check)

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
        if self._algorithm == EDDSA:
            kid, private_key = self._keys.signer
            token = self._jwt.encode(
                claims, private_key, algorithm=EDDSA, headers={"typ": TOKEN_TYPE, "kid": kid}
            )
        else:
            token = self._jwt.encode(
                claims, self._key, algorithm=HS256, headers={"typ": TOKEN_TYPE}
            )
        return IssuedAccessToken(token, int(lifetime.total_seconds()))

    def verify(self, token: str) -> VerifiedAccessToken:
        try:
            verified = self._checked(token, self._keys.version)
        except (jwt.PyJWTError, ValueError, TypeError) as e:
            raise AuthenticationFailed("The access token is invalid or expired.") from e
        if verified.expires_at.timestamp() + self._leeway.total_seconds() < time.time():
            raise AuthenticationFailed("The access token is invalid or expired.")
        return verified

    def _check(self, token: str, ring_version: int) -> VerifiedAccessToken:
        """Everything but the expiry, which `verify` checks at each use. The same token under
        the same ring (`ring_version`) always gets the same answer, so the answers for the
        last VERIFIED_TOKENS_KEPT valid tokens are kept (`_checked`): an Ed25519 signature
        costs about a fifth of an authenticated read's CPU, and a client sends its token with
        every request. A refused token raises, and is checked afresh every time."""
        kid = jwt.get_unverified_header(token).get("kid")
        key: bytes | Ed25519PublicKey = self._key
        algorithm = HS256
        if kid is not None:
            published, algorithm = self._keys.verifier(str(kid)), EDDSA
            if published is None:
                raise jwt.InvalidKeyError("no published key has this kid")
            key = published
        decoded = self._jwt.decode_complete(
            token,
            key,
            algorithms=[algorithm],  # pinned by the kid, never taken from the header
            audience=self._audience,
            issuer=self._issuer,
            leeway=self._leeway,
            options={"require": _REQUIRED_CLAIMS, "strict_aud": True, "verify_exp": False},
        )
        if decoded["header"].get("typ") != TOKEN_TYPE:
            raise jwt.InvalidTokenError("not an access token")
        claims = decoded["payload"]
        if kid is None and self._algorithm == EDDSA:
            self._refuse_unless_from_before_the_ring(claims)
        if not isinstance(claims["exp"], int | float) or isinstance(claims["exp"], bool):
            raise jwt.InvalidTokenError("exp must be a number")
        return VerifiedAccessToken(
            user_id=UUID(claims["sub"]),
            expires_at=datetime.fromtimestamp(claims["exp"], tz=UTC),
            session_id=UUID(claims["sid"]) if "sid" in claims else None,
            authenticated_at=_instant(claims.get("auth_time")),
        )

    def _refuse_unless_from_before_the_ring(self, claims: dict[str, object]) -> None:
        issued, expires, since = claims["iat"], claims["exp"], self._keys.signing_since
        if not isinstance(issued, int | float) or not isinstance(expires, int | float):
            raise jwt.InvalidTokenError("iat and exp must be numbers")
        if expires - issued > self._lifetime.total_seconds():
            raise jwt.InvalidTokenError("an HS256 token lives no longer than this service's")
        if since is not None and issued > since.timestamp():
            raise jwt.InvalidTokenError("HS256 tokens are no longer issued")


def _instant(seconds: object) -> datetime | None:
    if seconds is None:
        return None
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        raise TypeError("auth_time must be a whole number of seconds")
    return datetime.fromtimestamp(seconds, tz=UTC)
