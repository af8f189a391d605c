"""The store of Idempotency-Keys on every backend, and the one rule that keeps retries from
making a change twice: a key is marked committed by the very unit of work whose change it
guards, so a rollback leaves it in flight."""

from datetime import UTC, datetime, timedelta

import pytest

from application.idempotency import IdempotentRequests, Outcome
from application.ports.idempotency_keys import IdempotencyRecord, KeyState, StoredResponse
from application.ports.unit_of_work import UnitOfWork
from domain.errors import InvalidInput
from entrypoints.composition.container import Container
from tests.contract.builders import a_user
from tests.fakes import FakeClock

NOW = datetime(2026, 1, 1, tzinfo=UTC)
RESPONSE = StoredResponse(201, (("content-type", "application/json"),), b'{"id": 1}')


def in_flight(key: str, fingerprint: str = "f" * 64) -> IdempotencyRecord:
    return IdempotencyRecord(
        key * 64,
        fingerprint,
        KeyState.IN_FLIGHT,
        NOW + timedelta(seconds=10),
        NOW + timedelta(days=1),
    )


async def _get(uow: UnitOfWork, key_hash: str) -> IdempotencyRecord | None:
    """The stored record (the store has no plain read: when absent, a probe is added, in a
    unit of work the tests never commit after it)."""
    probe = IdempotencyRecord(key_hash, "", KeyState.IN_FLIGHT, NOW, NOW)
    return await uow.idempotency_keys.add_if_absent(probe)


async def test_a_key_is_added_once_and_then_found(any_backend: Container) -> None:
    record = in_flight("a")
    async with any_backend.unit_of_work() as uow:
        assert await uow.idempotency_keys.add_if_absent(record) is None
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.idempotency_keys.add_if_absent(in_flight("a", "g" * 64)) == record


async def test_a_key_moves_from_in_flight_to_committed_to_answered(any_backend: Container) -> None:
    key_hash = "a" * 64
    async with any_backend.unit_of_work() as uow:
        await uow.idempotency_keys.add_if_absent(in_flight("a"))
        assert not await uow.idempotency_keys.answer(key_hash, RESPONSE)  # nothing committed
        await uow.idempotency_keys.mark_committed(key_hash)
        assert await uow.idempotency_keys.answer(key_hash, RESPONSE)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        found = await _get(uow, key_hash)
    assert found is not None
    assert (found.state, found.response) == (KeyState.ANSWERED, RESPONSE)


async def test_only_a_key_still_in_flight_is_forgotten(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        await uow.idempotency_keys.add_if_absent(in_flight("a"))
        await uow.idempotency_keys.add_if_absent(in_flight("b"))
        await uow.idempotency_keys.mark_committed("b" * 64)
        await uow.idempotency_keys.forget_in_flight("a" * 64)
        await uow.idempotency_keys.forget_in_flight("b" * 64)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await _get(uow, "a" * 64) is None
        kept = await _get(uow, "b" * 64)
    assert kept is not None
    assert kept.state is KeyState.COMMITTED


async def test_a_stale_record_is_taken_over_once(any_backend: Container) -> None:
    stale = in_flight("a")
    fresh = IdempotencyRecord(
        stale.key_hash,
        stale.fingerprint,
        KeyState.IN_FLIGHT,
        NOW + timedelta(minutes=1),
        NOW + timedelta(days=2),
    )
    async with any_backend.unit_of_work() as uow:
        await uow.idempotency_keys.add_if_absent(stale)
        assert await uow.idempotency_keys.take_over(stale, fresh)
        assert not await uow.idempotency_keys.take_over(stale, fresh)  # another got there first
        await uow.commit()


async def test_expired_keys_are_purged(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        await uow.idempotency_keys.add_if_absent(in_flight("a"))
        assert await uow.idempotency_keys.purge_expired(NOW + timedelta(hours=23)) == 0
        assert await uow.idempotency_keys.purge_expired(NOW + timedelta(days=1)) == 1
        await uow.commit()


async def test_the_change_and_its_key_commit_together_or_not_at_all(
    any_backend: Container,
) -> None:
    """Marked by the unit of work that commits the change; a unit of work that fails leaves
    the key in flight, to be run again."""
    requests = IdempotentRequests(
        any_backend.unit_of_work,
        any_backend.clock(),
        keep=timedelta(days=1),
        hold=timedelta(seconds=10),
    )
    assert (await requests.begin("c" * 64, "f" * 64)).outcome is Outcome.RUN
    with requests.running("c" * 64), pytest.raises(InvalidInput):
        async with any_backend.unit_of_work() as uow:
            await uow.users.add(a_user("ada"))
            raise InvalidInput("refused after the change")
    assert (await requests.begin("c" * 64, "f" * 64)).outcome is Outcome.IN_FLIGHT
    await requests.finish("c" * 64, RESPONSE)  # nothing committed: forgotten
    assert (await requests.begin("c" * 64, "f" * 64)).outcome is Outcome.RUN
    with requests.running("c" * 64):
        async with any_backend.unit_of_work() as uow:
            await uow.users.add(a_user("ada"))
            await uow.commit()
    assert (await requests.begin("c" * 64, "f" * 64)).outcome is Outcome.IN_FLIGHT
    await requests.finish("c" * 64, RESPONSE)
    replay = await requests.begin("c" * 64, "f" * 64)
    assert (replay.outcome, replay.response) == (Outcome.REPLAY, RESPONSE)
    assert (await requests.begin("c" * 64, "g" * 64)).outcome is Outcome.MISMATCH


async def test_a_change_committed_without_an_answer_is_never_run_again(
    any_backend: Container,
) -> None:
    """The first request committed, then was cut off before it answered: a repeat is told it
    is in flight while it could still be, then that its answer is lost; never run again."""
    clock = FakeClock(NOW)
    requests = IdempotentRequests(
        any_backend.unit_of_work, clock, keep=timedelta(days=1), hold=timedelta(seconds=10)
    )
    assert (await requests.begin("d" * 64, "f" * 64)).outcome is Outcome.RUN
    with requests.running("d" * 64):
        async with any_backend.unit_of_work() as uow:
            await uow.users.add(a_user("ada"))
            await uow.commit()
    await requests.finish("d" * 64, None)
    assert (await requests.begin("d" * 64, "f" * 64)).outcome is Outcome.IN_FLIGHT
    clock.advance(timedelta(seconds=10))
    assert (await requests.begin("d" * 64, "f" * 64)).outcome is Outcome.LOST
    clock.advance(timedelta(days=1))
    assert (await requests.begin("d" * 64, "f" * 64)).outcome is Outcome.RUN  # forgotten
