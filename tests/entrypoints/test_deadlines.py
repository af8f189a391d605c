"""Deadlines behave as asyncio.timeout does, with one timer for all the requests in flight."""

import asyncio
import contextlib

import pytest

from entrypoints.web.deadlines import Deadlines

BOUND = 0.3


async def bounded(deadlines: Deadlines, seconds: float) -> str:
    """Sleeps `seconds` within a bound: 'done' or 'timed out'."""
    try:
        with deadlines.bound():
            await asyncio.sleep(seconds)
    except TimeoutError:
        return "timed out"
    return "done"


async def test_a_request_past_its_bound_times_out_and_is_left_uncancelled() -> None:
    deadlines = Deadlines(BOUND)
    task = asyncio.current_task()
    assert task is not None
    assert await bounded(deadlines, 10) == "timed out"
    assert task.cancelling() == 0
    await asyncio.sleep(0.01)  # nothing else was cancelled along with it


async def test_each_request_comes_due_at_its_own_time() -> None:
    deadlines = Deadlines(BOUND)
    loop = asyncio.get_running_loop()
    started = loop.time()
    first = asyncio.create_task(bounded(deadlines, 10))
    await asyncio.sleep(BOUND / 2)
    second = asyncio.create_task(bounded(deadlines, 10))
    assert await first == "timed out"
    first_due = loop.time() - started
    assert not second.done()
    assert await second == "timed out"
    second_due = loop.time() - started
    assert first_due == pytest.approx(BOUND, abs=0.1)
    assert second_due == pytest.approx(BOUND * 1.5, abs=0.1)


async def test_a_request_that_ends_in_time_is_never_cancelled_later() -> None:
    deadlines = Deadlines(BOUND)
    assert await bounded(deadlines, 0.01) == "done"
    await asyncio.sleep(BOUND * 2)  # would be cancelled here by a deadline left behind


async def test_a_request_cancelled_from_elsewhere_stays_cancelled() -> None:
    deadlines = Deadlines(BOUND)
    task = asyncio.create_task(bounded(deadlines, 10))
    await asyncio.sleep(BOUND / 3)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_cancelled_once_more_as_it_comes_due_it_stays_cancelled() -> None:
    deadlines = Deadlines(BOUND)
    left_as: list[str] = []

    async def cancelled_twice() -> None:
        try:
            with deadlines.bound():
                try:
                    await asyncio.sleep(10)
                except asyncio.CancelledError:
                    task = asyncio.current_task()
                    assert task is not None
                    task.cancel()  # a second cancellation, from elsewhere, as the first lands
                    raise
        except TimeoutError:
            left_as.append("timed out")
        except asyncio.CancelledError:
            left_as.append("cancelled")

    with pytest.raises(asyncio.CancelledError):
        await asyncio.create_task(cancelled_twice())
    assert left_as == ["cancelled"]


async def test_a_request_that_swallows_its_cancellation_is_not_left_cancelling() -> None:
    deadlines = Deadlines(BOUND)

    async def swallowing() -> int:
        with deadlines.bound(), contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(10)
        task = asyncio.current_task()
        assert task is not None
        return task.cancelling()

    assert await asyncio.create_task(swallowing()) == 0


def test_the_same_deadlines_serve_a_second_event_loop() -> None:
    deadlines = Deadlines(BOUND)
    assert asyncio.run(bounded(deadlines, 0.01)) == "done"
    assert asyncio.run(bounded(deadlines, 10)) == "timed out"
