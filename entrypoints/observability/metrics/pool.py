"""The database pool's metrics, kept by the pool itself: SQLAlchemy's pool events fire again
when a checkout is retried after a failed ping, so in-use counts from them would drift."""

import logging
from typing import Any

from sqlalchemy import exc
from sqlalchemy.pool import AsyncAdaptedQueuePool

from entrypoints.observability.metrics.instruments import POOL_IN_USE, POOL_TIMEOUTS, POOL_WAITING

# A pool logs under its class's module: this one's, not "sqlalchemy", which SQLAlchemy keeps
# at WARNING. Kept there too, or every dispose and reconnect would be an INFO line.
logging.getLogger(__name__).setLevel(logging.WARNING)


def metered_pool(name: str) -> type[AsyncAdaptedQueuePool]:
    """A pool class whose connections in use, waiters and timeouts are labelled `name`.
    _do_get and _do_return_conn are the two hooks a QueuePool subclass implements."""
    in_use, waiting = POOL_IN_USE.labels(name), POOL_WAITING.labels(name)
    timeouts = POOL_TIMEOUTS.labels(name)

    class MeteredPool(AsyncAdaptedQueuePool):
        def _do_get(self) -> Any:
            waiting.inc()
            try:
                record = super()._do_get()
            except exc.TimeoutError:
                timeouts.inc()
                raise
            finally:
                waiting.dec()
            in_use.inc()
            return record

        def _do_return_conn(self, record: Any) -> None:
            in_use.dec()
            super()._do_return_conn(record)

    return MeteredPool


class MeteredWaits:
    """Waits for a connection handed on between units of work (KeptConnections), counted
    with the pool's own: to the operator both are waits for a pooled connection."""

    def __init__(self, name: str) -> None:
        self._waiting, self._timeouts = POOL_WAITING.labels(name), POOL_TIMEOUTS.labels(name)

    def started(self) -> None:
        self._waiting.inc()

    def ended(self, *, timed_out: bool) -> None:
        self._waiting.dec()
        if timed_out:
            self._timeouts.inc()
