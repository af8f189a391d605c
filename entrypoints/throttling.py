"""Throttling of the endpoints that guess or create credentials (AUTH-06), for both APIs.

Counted with `limits` (moving windows) in process memory, or in Redis when REDIS_URL is set
so that every instance sees the same counts. Two kinds of key:

- per client address, every attempt: one address cannot spray logins, sign-ups, refreshes
  or reset requests;
- per account *and* address, failed logins only, cleared by a successful login: guessing one
  account's password is slowed, yet an attacker's failures from their address never lock the
  owner out from the owner's own address.

The client address is the peer's, or what a trusted proxy says it is (uvicorn applies
X-Forwarded-For only from FORWARDED_ALLOW_IPS)."""

import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.storage import storage_from_string
from starlette.requests import Request

from application.login_fingerprints import LoginFingerprints
from domain.errors import AuthenticationFailed
from entrypoints.metrics.instruments import THROTTLED
from entrypoints.settings import Settings

T = TypeVar("T")


class TooManyAttempts(Exception):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("Too many attempts; try again later.")
        self.retry_after_seconds = retry_after_seconds


@dataclass(frozen=True)
class ThrottleLimits:
    login_failures_per_account_and_address: str = "10/15 minutes"
    logins_per_address: str = "100/15 minutes"
    registrations_per_address: str = "20/hour"
    refreshes_per_address: str = "120/minute"
    password_resets_per_address: str = "20/hour"  # noqa: S105 (a rate)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class Throttle:
    def __init__(
        self,
        limits: ThrottleLimits,
        redis_url: str | None,
        key_prefix: str,
        fingerprints: LoginFingerprints,
    ) -> None:
        self._fingerprints = fingerprints
        url = redis_url.replace("redis://", "async+redis://", 1) if redis_url else "async+memory://"
        storage = storage_from_string(url, key_prefix=key_prefix)
        self._limiter = MovingWindowRateLimiter(storage)
        self._per_account = parse(limits.login_failures_per_account_and_address)
        self._logins = parse(limits.logins_per_address)
        self._registrations = parse(limits.registrations_per_address)
        self._refreshes = parse(limits.refreshes_per_address)
        self._resets = parse(limits.password_resets_per_address)

    async def login(self, login: str, client: str, attempt: Callable[[], Awaitable[T]]) -> T:
        account = self._fingerprints(login)
        await self._refuse_over(self._per_account, "login-failures", account, client)
        await self._count(self._logins, "logins", client)
        try:
            result = await attempt()
        except AuthenticationFailed:
            await self._limiter.hit(self._per_account, "login-failures", account, client)
            raise
        await self._limiter.clear(self._per_account, "login-failures", account, client)
        return result

    async def registration(self, client: str) -> None:
        await self._count(self._registrations, "registrations", client)

    async def refresh(self, client: str) -> None:
        await self._count(self._refreshes, "refreshes", client)

    async def password_reset(self, client: str) -> None:
        await self._count(self._resets, "password-resets", client)

    async def _count(self, limit: RateLimitItem, *key: str) -> None:
        if not await self._limiter.hit(limit, *key):
            raise await self._too_many(limit, *key)

    async def _refuse_over(self, limit: RateLimitItem, *key: str) -> None:
        if not await self._limiter.test(limit, *key):
            raise await self._too_many(limit, *key)

    async def _too_many(self, limit: RateLimitItem, *key: str) -> TooManyAttempts:
        THROTTLED.labels(key[0]).inc()
        stats = await self._limiter.get_window_stats(limit, *key)
        return TooManyAttempts(max(1, math.ceil(stats.reset_time - time.time())))


def throttle_from(settings: Settings, fingerprints: LoginFingerprints) -> Throttle:
    return Throttle(
        ThrottleLimits(
            login_failures_per_account_and_address=(
                settings.throttle_login_failures_per_account_and_address
            ),
            logins_per_address=settings.throttle_logins_per_address,
            registrations_per_address=settings.throttle_registrations_per_address,
            refreshes_per_address=settings.throttle_refreshes_per_address,
            password_resets_per_address=settings.throttle_password_resets_per_address,
        ),
        settings.redis_url.get_secret_value() if settings.redis_url else None,
        key_prefix=settings.throttle_key_prefix,
        fingerprints=fingerprints,
    )
