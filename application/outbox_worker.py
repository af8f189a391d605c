"""The outbox worker: claims committed events and runs their handlers, at least once each.

A handler that raises is retried with exponential backoff and jitter; after the last attempt
the event is dead, with its last error, until `folio outbox retry` revives it. Handlers that
finished are remembered per event, so a retry or a redelivery after a crash runs only the
ones that did not; a handler must still tolerate a repeat of the event it was running when a
worker died (handlers are keyed by the event id for that)."""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from application.error_reports import described
from application.errors import StorageUnavailable
from application.event_handlers import EventHandlers
from application.ports.clock import Clock
from application.ports.outbox_queue import ClaimedEvent, OutboxQueue

log = logging.getLogger("folio.worker")
ERROR_MAX = 500


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    first_delay: timedelta = timedelta(seconds=2)
    max_delay: timedelta = timedelta(minutes=30)

    def delay(self, attempts: int, jitter: float) -> timedelta:
        """Doubles with each attempt up to max_delay; `jitter` in [0, 1) spreads retries over
        the upper half of that, so failing events do not all come back at the same moment."""
        ceiling: timedelta = min(self.max_delay, self.first_delay * 2 ** (attempts - 1))
        return ceiling * (0.5 + jitter / 2)


@dataclass(frozen=True)
class WorkerSettings:
    batch_size: int = 20
    lease: timedelta = timedelta(seconds=60)
    poll_seconds: float = 1.0
    retry: RetryPolicy = RetryPolicy()
    keep_completed: timedelta = timedelta(days=1)
    purge_every: timedelta = timedelta(minutes=10)


class OutboxWorker:
    def __init__(
        self,
        queue: OutboxQueue,
        handlers: EventHandlers,
        clock: Clock,
        settings: WorkerSettings,
        jitter: Callable[[], float] = random.random,
        housekeeping: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """`housekeeping` runs with each purge of finished events (every `purge_every`)."""
        self._queue, self._handlers, self._clock = queue, handlers, clock
        self._housekeeping = housekeeping
        self._settings, self._jitter = settings, jitter
        self._last_purge = clock.now()

    async def run(self, stopping: asyncio.Event) -> None:
        """Works until `stopping` is set, each lane (EventHandlers) apart from the others, so
        that slow mail holds up nothing else; the event in hand is finished first."""
        log.info("worker_started")
        apart = self._handlers.lanes()
        default = Lane(except_kinds=frozenset().union(*apart.values()))
        lanes = [default, *(Lane(kinds=kinds) for kinds in apart.values())]
        await asyncio.gather(*(self._work(lane, stopping) for lane in lanes))
        log.info("worker_stopped")

    async def _work(self, lane: "Lane", stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                handled = await self.run_once(stopping, lane)
                await self._purge_now_and_then()
            except StorageUnavailable:
                log.warning("worker_storage_unavailable")
                handled = 0
            except Exception as error:
                # A defect, not a failing handler (those are caught per event): keep working.
                log.error("worker_error", extra=described(error))
                handled = 0
            if handled < self._settings.batch_size:
                await _first_of(
                    self._queue.wait_for_events(self._settings.poll_seconds), stopping.wait()
                )

    async def run_once(
        self, stopping: asyncio.Event | None = None, lane: "Lane | None" = None
    ) -> int:
        """Claims one batch (of `lane`'s kinds, else of every kind) and handles it, renewing
        the leases of the events still in hand as it goes; returns how many were claimed."""
        lane = lane or Lane()
        claimed = await self._queue.claim(
            limit=self._settings.batch_size,
            now=self._clock.now(),
            lease=self._settings.lease,
            kinds=lane.kinds,
            except_kinds=lane.except_kinds,
        )
        in_hand = {item.event.event_id: item for item in claimed}
        keeper = asyncio.create_task(self._keep_leases(in_hand))
        try:
            for item in claimed:
                if item.event.event_id not in in_hand:
                    _lost(item)  # its lease ran out while it waited, and another took it
                elif stopping is not None and stopping.is_set():
                    await self._release(list(in_hand.values()))
                    break
                else:
                    await self._handle(item)
                    in_hand.pop(item.event.event_id, None)
        finally:
            keeper.cancel()
        return len(claimed)

    async def _keep_leases(self, in_hand: dict[UUID, ClaimedEvent]) -> None:
        """Renews the leases of the events in hand a few times per lease, and drops those
        another worker has taken meanwhile."""
        lease = self._settings.lease
        while in_hand:
            await asyncio.sleep(lease.total_seconds() / 3)
            try:
                held = await self._queue.renew(
                    list(in_hand.values()), until=self._clock.now() + lease
                )
            except StorageUnavailable:
                continue
            for event_id in set(in_hand) - held:
                in_hand.pop(event_id, None)

    async def _handle(self, claimed: ClaimedEvent) -> None:
        event = claimed.event
        pending = [h for h in self._handlers.for_event(event) if h.name not in claimed.handled_by]
        for position, handler in enumerate(pending):
            try:
                async with asyncio.timeout(self._settings.lease.total_seconds() / 2):
                    await handler.handle(event)
            except Exception as e:
                await self._failed(claimed, handler.name, e)
                return
            last = position == len(pending) - 1
            if not last and not await self._queue.mark_handled(claimed, handler.name):
                _lost(claimed)
                return
        if not await self._queue.complete(claimed, self._clock.now()):
            _lost(claimed)

    async def _failed(self, claimed: ClaimedEvent, handler: str, error: Exception) -> None:
        event = claimed.event
        # The type and the handler only: an exception's text may quote an address or a token.
        described = f"{handler}: {type(error).__name__}: {error}"[:ERROR_MAX]
        context = {
            "event_id": str(event.event_id),
            "kind": event.kind(),
            "handler": handler,
            "attempts": claimed.attempts,
            "error": type(error).__name__,
        }
        if claimed.attempts >= self._settings.retry.max_attempts:
            log.error("event_dead", extra=context)
            if not await self._queue.bury(claimed, error=described):
                _lost(claimed)
            return
        delay = self._settings.retry.delay(claimed.attempts, self._jitter())
        log.warning("event_retry", extra={**context, "retry_in_s": delay.total_seconds()})
        if not await self._queue.retry_later(
            claimed, error=described, due_at=self._clock.now() + delay
        ):
            _lost(claimed)

    async def _release(self, unhandled: list[ClaimedEvent]) -> None:
        for item in unhandled:
            await self._queue.release(item)

    async def _purge_now_and_then(self) -> None:
        now = self._clock.now()
        if now - self._last_purge >= self._settings.purge_every:
            self._last_purge = now
            await self._queue.purge_completed(now - self._settings.keep_completed)
            if self._housekeeping is not None:
                await self._housekeeping()


@dataclass(frozen=True)
class Lane:
    """Which kinds of event a loop of the worker claims: `kinds` (every kind when None), but
    none of `except_kinds`."""

    kinds: frozenset[str] | None = None
    except_kinds: frozenset[str] = frozenset()


def _lost(claimed: ClaimedEvent) -> None:
    """Another worker claimed the event after this one's lease ran out: this one leaves it."""
    log.warning(
        "lease_lost", extra={"event_id": str(claimed.event.event_id), "kind": claimed.event.kind()}
    )


async def _first_of(*waits: Coroutine[Any, Any, object]) -> None:
    tasks = [asyncio.create_task(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
