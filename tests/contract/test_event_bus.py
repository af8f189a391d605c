"""The event bus, in process and through a real Redis: every listener receives every event
published while it listens, once, in order, as it was published."""

import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from redis.exceptions import RedisError

from adapters.local_event_bus import LocalEventBus
from adapters.redis.event_bus import RedisEventBus
from application.ports.event_bus import EventBus
from domain.events import DomainEvent, PostDeleted, SessionsEnded, UserFollowed
from tests.redis_server import redis_server
from tests.support import eventually, redis_url

NOW = datetime.now(UTC)


def ended() -> SessionsEnded:
    return SessionsEnded(event_id=uuid4(), occurred_at=NOW, user_id=uuid4())


def local_buses() -> Callable[[], EventBus]:
    bus = LocalEventBus()
    return lambda: bus  # one process: publisher and listeners share the bus


def redis_buses() -> Callable[[], EventBus]:
    channel = f"folio-test-{secrets.token_hex(4)}"
    url = redis_url()
    return lambda: RedisEventBus(url, channel)  # each call: another process's connection


@pytest.fixture(params=["local", "redis"])
def bus_in_each_process(request: pytest.FixtureRequest) -> Callable[[], EventBus]:
    return local_buses() if request.param == "local" else redis_buses()


class Listener:
    def __init__(self, bus: EventBus) -> None:
        self.received: list[DomainEvent] = []
        self._task = asyncio.create_task(self._run(bus))

    async def _run(self, bus: EventBus) -> None:
        async for event in bus.listen():
            self.received.append(event)

    async def stop(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


@contextlib.asynccontextmanager
async def listening(publisher: EventBus, *buses: EventBus) -> AsyncIterator[list[Listener]]:
    """Listeners that are known to be subscribed: each has received a probe event."""
    listeners = [Listener(bus) for bus in buses]
    try:
        async with asyncio.timeout(10):
            while not all(listener.received for listener in listeners):
                await publisher.publish(
                    SessionsEnded(event_id=uuid4(), occurred_at=NOW, user_id=uuid4())
                )
                await asyncio.sleep(0.05)
        for listener in listeners:
            listener.received.clear()
        yield listeners
    finally:
        for listener in listeners:
            await listener.stop()


async def test_every_listener_gets_every_event_once_in_order(
    bus_in_each_process: Callable[[], EventBus],
) -> None:
    publisher = bus_in_each_process()
    events = [
        UserFollowed(event_id=uuid4(), occurred_at=NOW, follower_id=uuid4(), followee_id=uuid4()),
        PostDeleted(
            event_id=uuid4(), occurred_at=NOW, post_id=uuid4(), author_id=uuid4(), slug="s"
        ),
        *(ended() for _ in range(20)),
    ]
    async with listening(publisher, bus_in_each_process(), bus_in_each_process()) as listeners:
        # Probes still in flight may arrive after the clear: compare from the first real one.
        for event in events:
            await publisher.publish(event)
        await eventually(
            lambda: all(len(_after(events[0], each.received)) >= len(events) for each in listeners)
        )
        await asyncio.sleep(0.1)  # room for a duplicate to show up
    for listener in listeners:
        assert _after(events[0], listener.received) == events


def _after(first: DomainEvent, received: list[DomainEvent]) -> list[DomainEvent]:
    return received[received.index(first) :] if first in received else []


async def test_a_listener_rides_out_a_redis_outage_without_spinning_and_stops_meanwhile() -> None:
    """Redis killed under a listener: it waits with backoff (the client it replaced retried in
    a loop of its own at a full core), hears events again once Redis is back, and a listener
    stopped while Redis is away stops at once."""
    channel = f"folio-test-{secrets.token_hex(4)}"
    with redis_server() as server:
        publisher = RedisEventBus(server.url, channel)
        async with listening(publisher, RedisEventBus(server.url, channel)) as [survivor]:
            server.stop()
            stopped_while_down = Listener(RedisEventBus(server.url, channel))
            cpu_before, wall_before = time.process_time(), time.monotonic()
            await asyncio.sleep(2)
            cpu_share = (time.process_time() - cpu_before) / (time.monotonic() - wall_before)
            async with asyncio.timeout(2):
                await stopped_while_down.stop()
            server.start()
            event = ended()
            async with asyncio.timeout(15):
                while event not in survivor.received:
                    with contextlib.suppress(RedisError):
                        await publisher.publish(event)
                    await asyncio.sleep(0.2)
    assert cpu_share < 0.5, f"{cpu_share:.0%} of a core while Redis was down"
