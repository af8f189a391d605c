"""The outbox worker on the memory backend: at-least-once delivery, retries with backoff,
dead events, handlers remembered per event, and a stop that finishes the event in hand."""

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from dependency_injector import providers

from adapters.system import SystemClock
from application.event_handlers import EventHandlers
from application.outbox_worker import OutboxWorker, RetryPolicy, WorkerSettings
from application.paging import PageQuery
from application.ports.clock import Clock
from application.ports.security_events import SecurityEventFilters
from application.use_cases.auth.log_in import Credentials
from application.use_cases.auth.register_user import Registration
from domain.events import PostFavorited, SessionsEnded, UserRegistered
from entrypoints.composition.container import Container
from tests.fakes import FakeClock

RETRY = RetryPolicy(max_attempts=3, first_delay=timedelta(seconds=10))


class Recording:
    """A handler that records what it saw and fails as often as told."""

    def __init__(self, failures: int = 0) -> None:
        self.seen: list[UUID] = []
        self.failures = failures

    async def __call__(self, event: UserRegistered) -> None:
        self.seen.append(event.event_id)
        if self.failures:
            self.failures -= 1
            raise ConnectionError("mail server refused")


@pytest.fixture
def clock(container: Container) -> FakeClock:
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    return clock


def worker_for(container: Container, handlers: EventHandlers, clock: FakeClock) -> OutboxWorker:
    settings = WorkerSettings(batch_size=10, lease=timedelta(seconds=60), retry=RETRY)
    return OutboxWorker(container.outbox_queue(), handlers, clock, settings, jitter=lambda: 0.0)


async def record_registration(container: Container, clock: Clock) -> UserRegistered:
    event = UserRegistered(event_id=uuid4(), occurred_at=clock.now(), user_id=uuid4())
    async with container.unit_of_work() as uow:
        await uow.outbox.add(event)
        await uow.commit()
    return event


def test_backoff_doubles_up_to_the_ceiling_and_jitter_stays_in_the_upper_half() -> None:
    policy = RetryPolicy(first_delay=timedelta(seconds=2), max_delay=timedelta(seconds=30))
    assert [policy.delay(n, 0.0).total_seconds() for n in (1, 2, 3, 4, 5, 6)] == [
        1.0, 2.0, 4.0, 8.0, 15.0, 15.0,
    ]  # fmt: skip
    assert policy.delay(3, 0.999).total_seconds() == pytest.approx(8.0, abs=0.01)


async def test_a_failing_handler_is_retried_with_backoff_then_the_event_dies(
    container: Container, clock: FakeClock
) -> None:
    handler = Recording(failures=10)
    handlers = EventHandlers()
    handlers.register(UserRegistered, "welcome", handler)
    worker = worker_for(container, handlers, clock)
    event = await record_registration(container, clock)

    assert await worker.run_once() == 1
    assert await worker.run_once() == 0  # not due yet: first retry after 5 s (10 s, half jitter)
    clock.advance(timedelta(seconds=5))
    assert await worker.run_once() == 1
    clock.advance(timedelta(seconds=9))
    assert await worker.run_once() == 0  # the second retry waits 10 s
    clock.advance(timedelta(seconds=1))
    assert await worker.run_once() == 1
    assert handler.seen == [event.event_id] * 3

    stats = await container.outbox_queue().stats()
    assert (stats.pending, stats.dead) == (0, 1)
    [dead] = await container.outbox_queue().dead(limit=5)
    assert dead.last_error == "welcome: ConnectionError: mail server refused"
    assert dead.attempts == 3


async def test_a_retry_runs_only_the_handlers_that_have_not_finished(
    container: Container, clock: FakeClock
) -> None:
    first, second = Recording(), Recording(failures=1)
    handlers = EventHandlers()
    handlers.register(UserRegistered, "first", first)
    handlers.register(UserRegistered, "second", second)
    worker = worker_for(container, handlers, clock)
    event = await record_registration(container, clock)

    await worker.run_once()
    clock.advance(timedelta(minutes=1))
    await worker.run_once()
    assert first.seen == [event.event_id]
    assert second.seen == [event.event_id, event.event_id]
    assert (await container.outbox_queue().stats()).pending == 0


async def test_events_without_handlers_are_completed(
    container: Container, clock: FakeClock
) -> None:
    worker = worker_for(container, EventHandlers(), clock)
    async with container.unit_of_work() as uow:
        await uow.outbox.add(
            PostFavorited(
                event_id=uuid4(), occurred_at=clock.now(), post_id=uuid4(), user_id=uuid4()
            )
        )
        await uow.commit()
    assert await worker.run_once() == 1
    assert (await container.outbox_queue().stats()).pending == 0


async def test_registering_two_handlers_under_one_name_is_refused() -> None:
    handlers = EventHandlers()
    handlers.register(UserRegistered, "welcome", Recording())
    with pytest.raises(ValueError, match="already registered"):
        handlers.register(UserRegistered, "welcome", Recording())


async def test_a_worker_wakes_on_commit_and_on_stop_finishes_the_event_in_hand_only(
    container: Container, clock: FakeClock
) -> None:
    started, release = asyncio.Event(), asyncio.Event()
    finished: list[UUID] = []

    async def slow(event: UserRegistered) -> None:
        started.set()
        await release.wait()
        finished.append(event.event_id)

    handlers = EventHandlers()
    handlers.register(UserRegistered, "slow", slow)
    worker = OutboxWorker(
        container.outbox_queue(),
        handlers,
        clock,
        WorkerSettings(poll_seconds=30),  # only the commit's wake-up can start it in time
    )
    stopping = asyncio.Event()
    running = asyncio.create_task(worker.run(stopping))
    await asyncio.sleep(0.05)
    async with container.unit_of_work() as uow:  # two events, claimed as one batch
        first, second = (
            UserRegistered(event_id=uuid4(), occurred_at=clock.now(), user_id=uuid4())
            for _ in range(2)
        )
        await uow.outbox.add(first)
        await uow.outbox.add(second)
        await uow.commit()
    await asyncio.wait_for(started.wait(), 2)
    stopping.set()
    release.set()
    await asyncio.wait_for(running, 2)
    assert finished == [first.event_id]
    [left] = await container.outbox_queue().claim(
        limit=5, now=clock.now(), lease=timedelta(seconds=1)
    )
    assert (left.event, left.attempts) == (second, 1)  # given back as if never claimed


async def test_a_slow_mail_lane_holds_up_no_live_update(
    container: Container, clock: FakeClock
) -> None:
    """A mail server that accepts and never answers: the mail lane waits on it, while an
    ended session in the default lane is handled at once."""
    mail_started, told = asyncio.Event(), asyncio.Event()

    async def hanging_mail(event: UserRegistered) -> None:
        mail_started.set()
        await asyncio.Event().wait()

    async def publish_live(event: SessionsEnded) -> None:
        told.set()

    handlers = EventHandlers()
    handlers.register(UserRegistered, "welcome", hanging_mail, lane="mail")
    handlers.register(SessionsEnded, "publish-live", publish_live)
    worker = worker_for(container, handlers, clock)
    stopping = asyncio.Event()
    running = asyncio.create_task(worker.run(stopping))
    try:
        await record_registration(container, clock)
        await asyncio.wait_for(mail_started.wait(), 2)
        async with container.unit_of_work() as uow:
            await uow.outbox.add(
                SessionsEnded(event_id=uuid4(), occurred_at=clock.now(), user_id=uuid4())
            )
            await uow.commit()
        await asyncio.wait_for(told.wait(), 2)
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running


async def test_one_kind_of_event_is_worked_off_in_one_lane() -> None:
    handlers = EventHandlers()
    handlers.register(UserRegistered, "welcome", Recording(), lane="mail")
    with pytest.raises(ValueError, match="lane 'mail'"):
        handlers.register(UserRegistered, "audit", Recording())
    assert handlers.lanes() == {"mail": frozenset({"UserRegistered"})}


async def test_leases_are_renewed_while_a_batch_outlasts_them(container: Container) -> None:
    """Three events whose handling takes longer in all than the lease: a second worker polling
    meanwhile takes none of them, and each is handled once."""
    handled: list[UUID] = []

    async def slow(event: UserRegistered) -> None:
        await asyncio.sleep(0.8)
        handled.append(event.event_id)

    handlers = EventHandlers()
    handlers.register(UserRegistered, "slow", slow)
    settings = WorkerSettings(batch_size=3, lease=timedelta(seconds=2), retry=RETRY)
    clock = SystemClock()
    first, second = (
        OutboxWorker(container.outbox_queue(), handlers, clock, settings) for _ in range(2)
    )
    events = [await record_registration(container, clock) for _ in range(3)]
    batch = asyncio.create_task(first.run_once())
    while not batch.done():
        await asyncio.sleep(0.1)
        assert await second.run_once() == 0
    assert await batch == 3
    assert sorted(handled) == sorted(e.event_id for e in events)
    assert (await container.outbox_queue().stats()).pending == 0


async def test_the_worker_keeps_house_when_it_purges(
    container: Container, clock: FakeClock
) -> None:
    """Sessions long expired and security events past their retention are deleted by the
    worker, with its finished events."""
    await container.register_user()(Registration("ada@example.com", "ada", "a long password"))
    await container.log_in()(Credentials("ada", "a long password"))
    assert await remaining(container) == 2  # the session, the login's security event
    clock.advance(timedelta(days=400))  # past the session's expiry and a year's retention
    settings = WorkerSettings(poll_seconds=0.01, purge_every=timedelta(0))
    worker = OutboxWorker(
        container.outbox_queue(),
        EventHandlers(),
        clock,
        settings,
        housekeeping=container.housekeeping(),
    )
    stopping = asyncio.Event()
    running = asyncio.create_task(worker.run(stopping))
    try:
        for _ in range(500):  # up to about 5 s
            if await remaining(container) == 0:
                break
            await asyncio.sleep(0.01)
        assert await remaining(container) == 0
    finally:
        stopping.set()
        await running


async def remaining(container: Container) -> int:
    """Ada's sessions and the security events still stored, of any time."""
    async with container.unit_of_work() as uow:
        ada = await uow.users.by_username("ada")
        assert ada is not None
        sessions = await uow.sessions.of_user(ada.id, datetime.min.replace(tzinfo=UTC))
        events = await uow.security_events.find(SecurityEventFilters(), PageQuery(limit=100))
    return len(sessions) + len(events.items)
