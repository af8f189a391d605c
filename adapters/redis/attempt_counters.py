"""The throttle's counters: moving windows in Redis when REDIS_URL is set, so that every
instance sees the same counts, else in this process.

When Redis cannot be reached (refused, reset, or no answer within half a second), attempts are
counted in this process instead, and Redis is tried again five seconds later: logins, sign-ups
and resets keep working during an outage, limited per instance rather than across them (each
instance starts from zero). The log says when counting moved and when it came back, and
`counting_in_redis` is told where counting is (the composition root sets a gauge with it)."""

import logging
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from adapters.redis.connection import redis_options

log = logging.getLogger("folio.throttle")
T = TypeVar("T")
# Redis answers a counter in well under a millisecond: a hung server is given up on quickly.
REDIS_ANSWER_SECONDS = 0.5
REDIS_RETRY_AFTER_SECONDS = 5.0


class AttemptCounters:
    def __init__(
        self,
        redis_url: str | None,
        *,
        key_prefix: str,
        counting_in_redis: Callable[[bool], None],
    ) -> None:
        self._counting_in_redis = counting_in_redis
        self._in_process = MovingWindowRateLimiter(_InProcess())
        self._in_redis = (
            MovingWindowRateLimiter(
                storage_from_string(
                    f"async+{redis_url}",  # redis:// or rediss:// (TLS), as the settings allow
                    key_prefix=key_prefix,
                    implementation="redispy",
                    wrap_exceptions=True,
                    **redis_options(socket_timeout=REDIS_ANSWER_SECONDS),
                )
            )
            if redis_url
            else None
        )
        self._redis_again_at = 0.0  # monotonic; 0: Redis is used
        counting_in_redis(self._in_redis is not None)

    async def hit(self, limit: RateLimitItem, *key: str) -> bool:
        """Counts an attempt; False when it is one over the limit (then it is not counted)."""
        return await self._counted(lambda limiter: limiter.hit(limit, *key))

    async def test(self, limit: RateLimitItem, *key: str) -> bool:
        return await self._counted(lambda limiter: limiter.test(limit, *key))

    async def clear(self, limit: RateLimitItem, *key: str) -> None:
        await self._counted(lambda limiter: limiter.clear(limit, *key))

    async def reset_time(self, limit: RateLimitItem, *key: str) -> float:
        """When the window frees an attempt again (epoch seconds)."""
        stats = await self._counted(lambda limiter: limiter.get_window_stats(limit, *key))
        return stats.reset_time

    async def _counted(self, operation: Callable[[MovingWindowRateLimiter], Awaitable[T]]) -> T:
        if self._in_redis is not None and time.monotonic() >= self._redis_again_at:
            try:
                result = await operation(self._in_redis)
            except StorageError as error:
                self._count_in_process(error.storage_error)
            else:
                self._count_in_redis()
                return result
        return await operation(self._in_process)

    def _count_in_process(self, error: Exception) -> None:
        if not self._redis_again_at:
            log.warning(
                "throttle_counting_in_process",
                extra={
                    "error": type(error).__name__,
                    "retry_in_seconds": REDIS_RETRY_AFTER_SECONDS,
                },
            )
            self._counting_in_redis(False)
        self._redis_again_at = time.monotonic() + REDIS_RETRY_AFTER_SECONDS

    def _count_in_redis(self) -> None:
        if self._redis_again_at:
            log.info("throttle_counting_in_redis_again")
            self._counting_in_redis(True)
            self._redis_again_at = 0.0


class _InProcess(MemoryStorage):
    """limits' memory storage, but a cleared key keeps an empty window until the storage's
    expiry pass drops it: removed outright, it raced that pass, which then failed with a
    KeyError (logged by asyncio as an error, seen on every few successful logins)."""

    async def clear(self, key: str) -> None:
        await super().clear(key)
        self.events[key] = []
