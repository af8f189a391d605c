"""Retries without duplicates (the IETF httpapi draft's Idempotency-Key): a request carrying a
key runs once within its scope (account or client address, method and path); a repeat gets the
first response again, marked replayed.

The first request's change and the mark that it committed are one transaction: its unit of
work commits both (see `committing_for`), so a repeat can never run the change a second time,
even when the first request's process died before its response was stored. The response is
stored right after; a repeat meanwhile is told the first is in flight (or, if that process died
in between, that its change was made but its response is gone). A request that changed nothing
(refused, failed) leaves no record: a repeat runs again."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from application.ports.clock import Clock
from application.ports.idempotency_keys import (
    IdempotencyRecord,
    KeyState,
    StoredResponse,
)
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

# The key a request runs under, for the units of work it commits (set around the request).
_committing_for: ContextVar[str | None] = ContextVar("idempotency_key", default=None)
PURGE_EVERY = timedelta(minutes=10)


async def mark_committing(uow: UnitOfWork) -> None:
    """Called by a unit of work just before it commits: if it runs for a request with a key,
    the key is marked COMMITTED in the same transaction as the change."""
    key_hash = _committing_for.get()
    if key_hash is not None:
        await uow.idempotency_keys.mark_committed(key_hash)


class Outcome(Enum):
    RUN = "run"  # first time: run the request, then `finish`
    REPLAY = "replay"  # answered before: send `Begun.response`
    IN_FLIGHT = "in_flight"  # the first request is still running
    MISMATCH = "mismatch"  # the key was used with another body
    LOST = "lost"  # the first request's change committed, its response never came


@dataclass(frozen=True)
class Begun:
    outcome: Outcome
    response: StoredResponse | None = None


class IdempotentRequests:
    def __init__(
        self, uow: UnitOfWorkFactory, clock: Clock, *, keep: timedelta, hold: timedelta
    ) -> None:
        """`keep`: how long a key is remembered; `hold`: how long a first request may run
        before it is taken for dead (longer than any request's deadline)."""
        self._uow, self._clock, self._keep, self._hold = uow, clock, keep, hold
        self._purged_at = clock.now()

    async def begin(self, key_hash: str, fingerprint: str) -> Begun:
        now = self._clock.now()
        fresh = IdempotencyRecord(
            key_hash, fingerprint, KeyState.IN_FLIGHT, now + self._hold, now + self._keep
        )
        async with self._uow() as uow:
            await self._purge_now_and_then(uow)
            stored = await uow.idempotency_keys.add_if_absent(fresh)
            if stored is None:
                await uow.commit()
                return Begun(Outcome.RUN)
            if stored.expires_at <= now or (
                stored.state is KeyState.IN_FLIGHT and stored.held_until <= now
            ):
                # Forgotten, or a first request that died before its change committed.
                taken = await uow.idempotency_keys.take_over(stored, fresh)
                await uow.commit()
                return Begun(Outcome.RUN if taken else Outcome.IN_FLIGHT)
            await uow.commit()
        if stored.fingerprint != fingerprint:
            return Begun(Outcome.MISMATCH)
        if stored.state is KeyState.ANSWERED:
            return Begun(Outcome.REPLAY, stored.response)
        if stored.state is KeyState.COMMITTED and stored.held_until <= now:
            return Begun(Outcome.LOST)
        return Begun(Outcome.IN_FLIGHT)

    @contextmanager
    def running(self, key_hash: str) -> Iterator[None]:
        """Around the request: the units of work it commits mark the key (mark_committing)."""
        token = _committing_for.set(key_hash)
        try:
            yield
        finally:
            _committing_for.reset(token)

    async def finish(self, key_hash: str, response: StoredResponse | None) -> None:
        """Stores the response of a request that committed a change; forgets the key of one
        that did not, so that a repeat runs again. Without a response (the request was cut off
        before it answered), a committed key keeps no answer: a repeat is told so."""
        async with self._uow() as uow:
            if response is None or not await uow.idempotency_keys.answer(key_hash, response):
                await uow.idempotency_keys.forget_in_flight(key_hash)
            await uow.commit()

    async def _purge_now_and_then(self, uow: UnitOfWork) -> None:
        now = self._clock.now()
        if now - self._purged_at >= PURGE_EVERY:
            self._purged_at = now
            await uow.idempotency_keys.purge_expired(now)
