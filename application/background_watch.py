"""Whether background work is being done: with the worker in other processes (`folio worker`),
a server that runs none would otherwise say nothing while mail piles up in the outbox."""

from dataclasses import dataclass
from datetime import timedelta

from application.ports.clock import Clock
from application.ports.outbox_queue import OutboxQueue

UNATTENDED_AFTER = timedelta(minutes=1)


@dataclass(frozen=True)
class Unattended:
    """Due work has waited this long, and no worker has taken or finished any since."""

    waiting: timedelta


class BackgroundWatch:
    def __init__(self, queue: OutboxQueue, clock: Clock) -> None:
        self._queue, self._clock = queue, clock
        self.unattended: Unattended | None = None  # as of the last look

    async def look(self) -> Unattended | None:
        now = self._clock.now()
        activity = await self._queue.activity(now)
        since = activity.oldest_waiting_since
        at_work = activity.leases_held or activity.completed_since_waiting
        if since is None or at_work or now - since < UNATTENDED_AFTER:
            self.unattended = None
        else:
            self.unattended = Unattended(now - since)
        return self.unattended
