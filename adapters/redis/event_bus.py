"""The event bus across processes and hosts: Redis pub/sub on one channel. Every listening
process receives every event once; a listener that loses its connection reconnects with
backoff (0.1 s doubling to 5 s, reset once it is subscribed again), and what was published
meanwhile is not delivered to it (pub/sub keeps nothing). Stopping the listener (cancelling
its task) ends it at once, with Redis up, down or gone mid-way."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import suppress

from redis.asyncio import Redis
from redis.exceptions import RedisError

from adapters.event_codec import from_wire, to_wire
from adapters.redis.connection import redis_client
from application.ports.event_bus import EventBus
from domain.events import DomainEvent

log = logging.getLogger("folio.live")
FIRST_BACKOFF_SECONDS = 0.1
MAX_BACKOFF_SECONDS = 5.0


class RedisEventBus(EventBus):
    def __init__(self, url: str, channel: str) -> None:
        self._url, self._channel = url, channel
        self._publisher = redis_client(url)

    async def publish(self, event: DomainEvent) -> None:
        await self._publisher.publish(self._channel, to_wire(event))

    async def listen(self) -> AsyncIterator[DomainEvent]:
        backoff = FIRST_BACKOFF_SECONDS
        while True:
            # No read timeout on the listening connection: it waits for messages as long as
            # none are published.
            client = redis_client(self._url, socket_timeout=None)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self._channel)
                backoff = FIRST_BACKOFF_SECONDS
                while True:
                    message = await pubsub.get_message(timeout=None)
                    if message is not None:
                        yield from_wire(str(message["data"]))
            except (RedisError, OSError) as e:
                log.warning(
                    "live_bus_disconnected",
                    extra={"error": type(e).__name__, "retry_in_seconds": backoff},
                )
            finally:
                await _close(client, pubsub)
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


async def _close(client: Redis, pubsub: object) -> None:
    """Drops the connections without a word to the server, which may be gone."""
    with suppress(RedisError, OSError):
        await pubsub.aclose()  # type: ignore[attr-defined]
        await client.aclose()
