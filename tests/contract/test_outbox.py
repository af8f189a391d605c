"""The transactional outbox on every backend: events live and die with their unit of work,
and the worker's queue hands each one out to one claimant at a time."""

import asyncio
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest
from sqlalchemy import text

from application.ports.outbox_queue import ClaimedEvent, OutboxActivity, OutboxQueue
from domain.events import (
    EVENT_TYPES,
    CommentAdded,
    CommentDeleted,
    DomainEvent,
    EmailChangeRequested,
    EmailVerificationRequested,
    PasswordChanged,
    PasswordResetRequested,
    PostDeleted,
    PostEdited,
    PostFavorited,
    PostPublished,
    PostUnfavorited,
    SessionEnded,
    SessionsEnded,
    UserFollowed,
    UserRegistered,
    UserUnfollowed,
)
from entrypoints.composition.container import Container
from tests.contract.builders import a_user

NOW = datetime.now(UTC).replace(microsecond=0)
LEASE = timedelta(seconds=30)


def registered(at: datetime = NOW) -> UserRegistered:
    return UserRegistered(event_id=uuid4(), occurred_at=at, user_id=uuid4())


async def recorded(container: Container, *events: DomainEvent) -> None:
    async with container.unit_of_work() as uow:
        for event in events:
            await uow.outbox.add(event)
        await uow.commit()


async def claim(
    container: Container, *, now: datetime = NOW, limit: int = 10
) -> list[ClaimedEvent]:
    queue: OutboxQueue = container.outbox_queue()
    return await queue.claim(limit=limit, now=now, lease=LEASE)


async def test_a_commit_keeps_the_change_and_its_events(any_backend: Container) -> None:
    user = a_user("ada")
    event = UserRegistered(event_id=uuid4(), occurred_at=NOW, user_id=user.id)
    async with any_backend.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.outbox.add(event)
        await uow.commit()
    [claimed] = await claim(any_backend)
    assert claimed.event == event
    assert claimed.attempts == 1
    assert claimed.handled_by == frozenset()


async def test_a_rollback_drops_the_change_and_its_events(any_backend: Container) -> None:
    user = a_user("ada")
    async with any_backend.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.outbox.add(UserRegistered(event_id=uuid4(), occurred_at=NOW, user_id=user.id))
    async with any_backend.unit_of_work() as uow:
        assert await uow.users.get(user.id) is None
    assert await claim(any_backend) == []
    assert (await any_backend.outbox_queue().stats()).pending == 0


async def test_every_kind_of_event_comes_back_as_it_was_recorded(any_backend: Container) -> None:
    at = NOW
    events: list[DomainEvent] = [
        UserRegistered(event_id=uuid4(), occurred_at=at, user_id=uuid4()),
        EmailChangeRequested(event_id=uuid4(), occurred_at=at, user_id=uuid4()),
        EmailVerificationRequested(event_id=uuid4(), occurred_at=at, user_id=uuid4()),
        PasswordChanged(event_id=uuid4(), occurred_at=at, user_id=uuid4()),
        PasswordResetRequested(event_id=uuid4(), occurred_at=at, email="ada@example.com"),
        PostPublished(event_id=uuid4(), occurred_at=at, post_id=uuid4(), author_id=uuid4()),
        PostEdited(event_id=uuid4(), occurred_at=at, post_id=uuid4(), author_id=uuid4()),
        PostDeleted(
            event_id=uuid4(), occurred_at=at, post_id=uuid4(), author_id=uuid4(), slug="a-slug"
        ),
        CommentAdded(
            event_id=uuid4(), occurred_at=at, comment_id=7, post_id=uuid4(), author_id=uuid4()
        ),
        CommentDeleted(event_id=uuid4(), occurred_at=at, comment_id=7, post_id=uuid4()),
        PostFavorited(event_id=uuid4(), occurred_at=at, post_id=uuid4(), user_id=uuid4()),
        PostUnfavorited(event_id=uuid4(), occurred_at=at, post_id=uuid4(), user_id=uuid4()),
        UserFollowed(event_id=uuid4(), occurred_at=at, follower_id=uuid4(), followee_id=uuid4()),
        UserUnfollowed(event_id=uuid4(), occurred_at=at, follower_id=uuid4(), followee_id=uuid4()),
        SessionsEnded(event_id=uuid4(), occurred_at=at, user_id=uuid4()),
        SessionsEnded(event_id=uuid4(), occurred_at=at, user_id=uuid4(), kept_session_id=uuid4()),
        SessionEnded(event_id=uuid4(), occurred_at=at, user_id=uuid4(), session_id=uuid4()),
    ]
    assert {type(e) for e in events} == set(EVENT_TYPES)
    await recorded(any_backend, *events)
    assert [c.event for c in await claim(any_backend, limit=20)] == events


async def test_claims_take_the_oldest_first_and_lease_them(any_backend: Container) -> None:
    first, second, third = registered(), registered(), registered()
    await recorded(any_backend, first, second)
    await recorded(any_backend, third)
    assert [c.event for c in await claim(any_backend, limit=2)] == [first, second]
    assert [c.event for c in await claim(any_backend)] == [third]
    assert await claim(any_backend) == []  # all leased


async def test_an_expired_lease_lets_another_worker_take_the_event(any_backend: Container) -> None:
    event = registered()
    await recorded(any_backend, event)
    await claim(any_backend)
    assert await claim(any_backend, now=NOW + LEASE - timedelta(seconds=1)) == []
    [again] = await claim(any_backend, now=NOW + LEASE)
    assert again.event == event
    assert again.attempts == 2


async def test_a_claim_whose_lease_another_worker_took_changes_nothing(
    any_backend: Container,
) -> None:
    """The first worker's lease ran out while it still had the event in hand; a second claimed
    it. Whatever the first then does with its claim (renew, mark, complete, retry, bury,
    release) is refused and leaves the second's claim as it was."""
    queue = any_backend.outbox_queue()
    event = registered()
    await recorded(any_backend, event)
    [first] = await claim(any_backend)
    [second] = await claim(any_backend, now=NOW + LEASE)
    assert await queue.renew([first, second], until=NOW + 3 * LEASE) == {event.event_id}
    assert not await queue.mark_handled(first, "first")
    assert not await queue.complete(first, NOW)
    assert not await queue.retry_later(first, error="late", due_at=NOW)
    assert not await queue.bury(first, error="late")
    assert not await queue.release(first)
    assert await claim(any_backend, now=NOW + 2 * LEASE) == []  # renewed by the second
    assert await queue.mark_handled(second, "first")
    assert await queue.complete(second, NOW)
    assert not await queue.renew([second], until=NOW + 4 * LEASE)  # done: nothing to hold
    assert (await queue.stats()).pending == 0


async def test_a_renewed_lease_keeps_the_event_from_other_workers(any_backend: Container) -> None:
    event = registered()
    await recorded(any_backend, event)
    [claimed] = await claim(any_backend)
    held = await any_backend.outbox_queue().renew([claimed], until=NOW + 2 * LEASE)
    assert held == {event.event_id}
    assert await claim(any_backend, now=NOW + LEASE) == []
    [again] = await claim(any_backend, now=NOW + 2 * LEASE)
    assert again.attempts == 2


async def test_a_claim_takes_only_the_kinds_it_asks_for(any_backend: Container) -> None:
    mail = registered()
    live = SessionsEnded(event_id=uuid4(), occurred_at=NOW, user_id=uuid4())
    await recorded(any_backend, mail, live)
    queue: OutboxQueue = any_backend.outbox_queue()
    only_mail = await queue.claim(limit=10, now=NOW, lease=LEASE, kinds={"UserRegistered"})
    assert [c.event for c in only_mail] == [mail]
    others = await queue.claim(limit=10, now=NOW, lease=LEASE, except_kinds={"UserRegistered"})
    assert [c.event for c in others] == [live]


async def test_concurrent_claims_never_share_an_event(any_backend: Container) -> None:
    events = [registered() for _ in range(30)]
    await recorded(any_backend, *events)
    batches = await asyncio.gather(*(claim(any_backend, limit=7) for _ in range(6)))
    claimed = [c.event.event_id for batch in batches for c in batch]
    assert len(claimed) == len(set(claimed)) == 30


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_claim_skips_the_events_another_open_transaction_holds(
    container: Container,
) -> None:
    """Deterministic where the gather above leaves overlap to chance: another worker's claim
    is held open on three events; this claim takes the other three at once, without waiting
    for it, and the three are claimable once it ends."""
    events = [registered() for _ in range(6)]
    await recorded(container, *events)
    async with container.engine().connect() as connection:
        # The service's connections are in autocommit: the lock must outlive the statement.
        holder = await connection.execution_options(isolation_level="READ COMMITTED")
        await holder.begin()
        await holder.execute(
            text("SELECT seq FROM outbox ORDER BY seq LIMIT 3 FOR UPDATE")  # the first three
        )
        async with asyncio.timeout(5):  # a claim that waits for the holder fails here
            claimed = await claim(container)
        assert [c.event for c in claimed] == events[3:]
        await holder.rollback()
    assert [c.event for c in await claim(container)] == events[:3]


async def test_a_released_event_is_claimed_again_at_once_as_if_never_claimed(
    any_backend: Container,
) -> None:
    event = registered()
    await recorded(any_backend, event)
    [claimed] = await claim(any_backend)
    assert await any_backend.outbox_queue().release(claimed)
    [again] = await claim(any_backend)
    assert (again.event, again.attempts) == (event, 1)


async def test_a_completed_event_is_not_claimed_again(any_backend: Container) -> None:
    queue = any_backend.outbox_queue()
    event = registered()
    await recorded(any_backend, event)
    [claimed] = await claim(any_backend)
    assert await queue.complete(claimed, NOW)
    assert await claim(any_backend, now=NOW + 2 * LEASE) == []
    assert (await queue.stats()).pending == 0
    assert await queue.purge_completed(NOW) == 0
    assert await queue.purge_completed(NOW + timedelta(seconds=1)) == 1


async def test_the_activity_says_whether_a_worker_is_at_work(any_backend: Container) -> None:
    queue = any_backend.outbox_queue()
    assert await queue.activity(NOW) == OutboxActivity(None, False, False)
    first, second = registered(NOW), registered(NOW + timedelta(seconds=1))
    await recorded(any_backend, first, second)
    later = NOW + timedelta(minutes=2)
    assert await queue.activity(NOW - timedelta(seconds=1)) == OutboxActivity(None, False, False)
    assert await queue.activity(later) == OutboxActivity(NOW, False, False)
    [taken] = await claim(any_backend, now=later, limit=1)
    second_waits = NOW + timedelta(seconds=1)
    assert await queue.activity(later) == OutboxActivity(second_waits, True, False)
    assert await queue.complete(taken, later)
    assert await queue.activity(later) == OutboxActivity(second_waits, False, True)
    assert await queue.activity(later + timedelta(minutes=5)) == OutboxActivity(
        second_waits, False, True
    )
    [last] = await claim(any_backend, now=later, limit=1)
    assert await queue.complete(last, later)
    assert await queue.activity(later) == OutboxActivity(None, False, False)


async def test_a_retry_waits_until_it_is_due_and_keeps_the_error(any_backend: Container) -> None:
    queue = any_backend.outbox_queue()
    event = registered()
    await recorded(any_backend, event)
    [claimed] = await claim(any_backend)
    due = NOW + timedelta(seconds=5)
    assert await queue.retry_later(claimed, error="smtp down", due_at=due)
    assert await claim(any_backend, now=due - timedelta(seconds=1)) == []
    [retried] = await claim(any_backend, now=due)
    assert retried.attempts == 2


async def test_handlers_that_finished_are_remembered_across_deliveries(
    any_backend: Container,
) -> None:
    queue = any_backend.outbox_queue()
    event = registered()
    await recorded(any_backend, event)
    [claimed] = await claim(any_backend)
    assert await queue.mark_handled(claimed, "first")
    assert await queue.mark_handled(claimed, "first")  # a repeat changes nothing
    assert await queue.mark_handled(claimed, "second")
    assert await queue.retry_later(claimed, error="third failed", due_at=NOW)
    [again] = await claim(any_backend)
    assert again.handled_by == {"first", "second"}


async def test_dead_events_are_counted_listed_and_revived(any_backend: Container) -> None:
    queue = any_backend.outbox_queue()
    dead, alive = registered(), registered(NOW + timedelta(seconds=1))
    await recorded(any_backend, dead, alive)
    [claimed] = await claim(any_backend, limit=1)
    assert await queue.bury(claimed, error="send_welcome_mail: SMTPException: refused")
    assert await claim(any_backend, now=NOW + 2 * LEASE, limit=1) != []  # the live one only
    stats = await queue.stats()
    assert (stats.pending, stats.dead, stats.oldest_pending_at) == (1, 1, alive.occurred_at)
    [listed] = await queue.dead(limit=10)
    assert (listed.event_id, listed.kind, listed.attempts) == (dead.event_id, "UserRegistered", 1)
    assert listed.last_error == "send_welcome_mail: SMTPException: refused"
    later = NOW + 3 * LEASE
    assert await queue.revive_dead(later) == 1
    assert (await queue.stats()).dead == 0
    revived = [c for c in await claim(any_backend, now=later) if c.event == dead]
    assert [c.attempts for c in revived] == [1]
