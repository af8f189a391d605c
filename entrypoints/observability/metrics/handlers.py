"""Each event handler counted by outcome and timed, as the worker calls it."""

import time
from typing import Any

from application.event_handlers import Handler
from entrypoints.observability.metrics.instruments import HANDLED, HANDLER_SECONDS


def metered_handler(name: str, handler: Handler) -> Handler:
    done, failed = HANDLED.labels(name, "done"), HANDLED.labels(name, "failed")
    seconds = HANDLER_SECONDS.labels(name)

    async def handle(event: Any) -> None:
        started = time.perf_counter()
        try:
            await handler(event)
        except BaseException:
            failed.inc()
            raise
        else:
            done.inc()
        finally:
            seconds.observe(time.perf_counter() - started)

    return handle
