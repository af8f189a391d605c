"""Redis clients as every part of Folio opens them: a dead or hung server is an error within
seconds, never a wait without end, and `rediss://` URLs speak TLS."""

from typing import Any

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

CONNECT_TIMEOUT_SECONDS = 2.0
READ_TIMEOUT_SECONDS = 2.0


def redis_client(url: str, *, socket_timeout: float | None = READ_TIMEOUT_SECONDS) -> Redis:
    """One retry, at once: a connection the server closed (a restart) is replaced and the
    command sent again; redis-py's own default waits seconds between three retries."""
    return Redis.from_url(
        url, decode_responses=True, **redis_options(socket_timeout=socket_timeout)
    )


def redis_options(*, socket_timeout: float | None = READ_TIMEOUT_SECONDS) -> dict[str, Any]:
    """The client's options, for a library that builds its own client from them (limits)."""
    return {
        "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
        "socket_timeout": socket_timeout,
        "retry": Retry(NoBackoff(), retries=1),
    }
