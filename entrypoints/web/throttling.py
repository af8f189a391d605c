"""Throttling of the endpoints that guess or create credentials, or send mail (AUTH-06), for
both APIs.

Counted in moving windows by AttemptCounters (the composition root chooses them: in Redis when
REDIS_URL is set, so that every instance sees the same counts; in process otherwise, and while
Redis cannot be reached). Three
kinds of key:

- per client address, every attempt: one address cannot spray logins, sign-ups, refreshes,
  reset requests and confirmations, or verification mails;
- per account *and* address, failed logins: guessing one account's password is slowed, yet an
  attacker's failures from their address never lock the owner out from the owner's own
  address. The account is the one the login finds, however it is spelled (fullwidth letters,
  a Unicode domain: see canonical_login);
- per account, failed checks of the current password by a signed-in session (changing the
  password or the e-mail address): a stolen access token gives no more guesses than a login.

A guess is counted before it is checked and the count cleared when it succeeds, so that
concurrent guesses cannot all pass a check made before any of them was counted.

The client address is the peer's, or what a trusted proxy says it is (uvicorn applies
X-Forwarded-For only from FORWARDED_ALLOW_IPS)."""

import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar
from uuid import UUID

from limits import RateLimitItem, parse
from starlette.requests import Request

from application.login_fingerprints import LoginFingerprints
from domain.errors import TwoFactorRequired

T = TypeVar("T")


class TooManyAttempts(Exception):
    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("Too many attempts; try again later.")
        self.retry_after_seconds = retry_after_seconds


@dataclass(frozen=True)
class ThrottleLimits:
    login_failures_per_account_and_address: str
    logins_per_address: str
    registrations_per_address: str
    refreshes_per_address: str
    password_resets_per_address: str
    reset_confirmations_per_address: str
    verification_requests_per_address: str
    password_check_failures_per_account: str


class AttemptCounters(Protocol):
    async def hit(self, limit: RateLimitItem, *key: str) -> bool: ...
    async def clear(self, limit: RateLimitItem, *key: str) -> None: ...
    async def reset_time(self, limit: RateLimitItem, *key: str) -> float: ...


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


class Throttle:
    def __init__(
        self,
        limits: ThrottleLimits,
        counters: AttemptCounters,
        fingerprints: LoginFingerprints,
        refused: Callable[[str], None],
    ) -> None:
        """`refused` is told the name of each limit that refuses an attempt (a metric)."""
        self._counters, self._fingerprints, self._refused = counters, fingerprints, refused
        self._per_account = parse(limits.login_failures_per_account_and_address)
        self._logins = parse(limits.logins_per_address)
        self._registrations = parse(limits.registrations_per_address)
        self._refreshes = parse(limits.refreshes_per_address)
        self._resets = parse(limits.password_resets_per_address)
        self._reset_confirmations = parse(limits.reset_confirmations_per_address)
        self._verification_requests = parse(limits.verification_requests_per_address)
        self._password_checks = parse(limits.password_check_failures_per_account)

    async def login(self, login: str, client: str, attempt: Callable[[], Awaitable[T]]) -> T:
        account = self._fingerprints(login)
        return await self._guess(
            attempt,
            self._per_account,
            "login-failures",
            account,
            client,
            also=(self._logins, "logins", client),
        )

    async def password_check(self, user_id: UUID, attempt: Callable[[], Awaitable[T]]) -> T:
        """A change that needs the current password, by a signed-in session."""
        return await self._guess(
            attempt, self._password_checks, "password-check-failures", str(user_id)
        )

    async def registration(self, client: str) -> None:
        await self._count(self._registrations, "registrations", client)

    async def refresh(self, client: str) -> None:
        await self._count(self._refreshes, "refreshes", client)

    async def password_reset(self, client: str) -> None:
        await self._count(self._resets, "password-resets", client)

    async def reset_confirmation(self, client: str) -> None:
        await self._count(self._reset_confirmations, "reset-confirmations", client)

    async def verification_request(self, client: str) -> None:
        await self._count(self._verification_requests, "verification-requests", client)

    async def _guess(
        self,
        attempt: Callable[[], Awaitable[T]],
        limit: RateLimitItem,
        *key: str,
        also: tuple[RateLimitItem, str, str] | None = None,
    ) -> T:
        """Counts a guess before it is checked; a right one clears the count."""
        await self._count(limit, *key)
        if also is not None:
            await self._count(*also)
        try:
            result = await attempt()
        except TwoFactorRequired:  # the password was right; the code is counted on its own
            await self._counters.clear(limit, *key)
            raise
        await self._counters.clear(limit, *key)
        return result

    async def _count(self, limit: RateLimitItem, *key: str) -> None:
        if not await self._counters.hit(limit, *key):
            self._refused(key[0])
            reset_time = await self._counters.reset_time(limit, *key)
            raise TooManyAttempts(max(1, math.ceil(reset_time - time.time())))
