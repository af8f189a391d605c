"""The worker's live handler puts committed events on the bus, unless they are older than
anyone can still resume from: a backlog after an outage is not replayed as news."""

import asyncio
import contextlib
from datetime import timedelta
from uuid import uuid4

from adapters.local_event_bus import LocalEventBus
from application.handlers.publish_live_event import PublishLiveEvent
from domain.events import DomainEvent, PostPublished
from tests.fakes import FakeClock


async def test_recent_events_are_published_and_stale_ones_are_not() -> None:
    clock, bus = FakeClock(), LocalEventBus()
    publish = PublishLiveEvent(bus, clock, max_age=timedelta(minutes=10))
    received: list[DomainEvent] = []

    async def listen() -> None:
        async for event in bus.listen():
            received.append(event)

    listener = asyncio.create_task(listen())
    await asyncio.sleep(0)  # listening
    stale = PostPublished(
        event_id=uuid4(),
        occurred_at=clock.now() - timedelta(minutes=11),
        post_id=uuid4(),
        author_id=uuid4(),
    )
    fresh = PostPublished(
        event_id=uuid4(),
        occurred_at=clock.now() - timedelta(minutes=9),
        post_id=uuid4(),
        author_id=uuid4(),
    )
    await publish(stale)
    await publish(fresh)
    await asyncio.sleep(0)
    listener.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await listener
    assert received == [fresh]
