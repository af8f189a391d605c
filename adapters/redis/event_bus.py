"""The event bus across processes and hosts: Redis pub/sub on one channel. Every listening
process receives every event once; a listener that loses its connection reconnects with
backoff, and what was published meanwhile is not delivered to it (pub/sub keeps nothing)."""

import asyncio
import logging
from collections.abc import AsyncIterator

import coredis
from coredis.exceptions import ConnectionError as RedisConnectionError

from adapters.event_codec import from_wire, to_wire
from application.ports.event_bus import EventBus
from domain.events import DomainEvent

log = logging.getLogger("folio.live")
MAX_BACKOFF_SECONDS = 5.0


class RedisEventBus(EventBus):
    def __init__(self, url: str, channel: str) -> None:
        self._url, self._channel = url, channel
        self._publisher = coredis.Redis.from_url(url, decode_responses=True)

    async def publish(self, event: DomainEvent) -> None:
        await self._publisher.publish(self._channel, to_wire(event))

    async def listen(self) -> AsyncIterator[DomainEvent]:
        backoff = 0.1
        while True:
            try:
                client = coredis.Redis.from_url(self._url, decode_responses=True)
                async with client.pubsub(
                    channels=[self._channel], ignore_subscribe_messages=True
                ) as consumer:
                    backoff = 0.1
                    async for message in consumer:
                        yield from_wire(str(message["data"]))
            except (RedisConnectionError, OSError, TimeoutError) as e:
                log.warning(
                    "live_bus_disconnected",
                    extra={"error": type(e).__name__, "retry_in_seconds": backoff},
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
