"""A `folio worker` as the benchmark runs it: the real container, queue and worker loop, with
a no-op handler that notes how long after its event was recorded it started. Prints "ready"
once listening; on SIGTERM writes those delays (seconds) as JSON to the given file."""

import asyncio
import json
import signal
import sys
import time
from pathlib import Path

from dependency_injector import providers

from application.event_handlers import EventHandlers
from domain.events import PostFavorited
from entrypoints.composition import lifecycle
from entrypoints.composition.container import Container


async def work(results: Path) -> None:
    delays: list[float] = []

    async def no_op(event: PostFavorited) -> None:
        delays.append(time.time() - event.occurred_at.timestamp())

    handlers = EventHandlers()
    handlers.register(PostFavorited, "bench_no_op", no_op)
    container = Container()
    container.event_handlers.override(providers.Object(handlers))
    await lifecycle.start(container)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopping.set)
    queue = container.outbox_queue()
    await queue.wait_for_events(0)  # opens the LISTEN connection before we say we are ready
    print("ready", flush=True)
    try:
        await container.outbox_worker().run(stopping)
    finally:
        results.write_text(json.dumps(delays))  # noqa: ASYNC240 - once, at exit
        await lifecycle.stop(container)


if __name__ == "__main__":
    asyncio.run(work(Path(sys.argv[1])))
