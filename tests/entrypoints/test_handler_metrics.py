"""Every event handler counted by outcome and timed, whatever it does with the event."""

from typing import Any

import pytest
from prometheus_client import REGISTRY

from entrypoints.observability.metrics.handlers import metered_handler


def handled(name: str, outcome: str) -> float:
    labels = {"handler": name, "outcome": outcome}
    return REGISTRY.get_sample_value("folio_worker_handled_total", labels) or 0.0


def timed(name: str) -> float:
    labels = {"handler": name}
    return REGISTRY.get_sample_value("folio_worker_handler_duration_seconds_count", labels) or 0.0


async def test_a_handler_that_fails_is_counted_failed_and_its_error_still_raised() -> None:
    async def refuse(_: Any) -> None:
        raise ConnectionError("the mail server hung up")

    async def accept(_: Any) -> None:
        pass

    before = handled("flaky", "failed"), handled("flaky", "done"), timed("flaky")
    with pytest.raises(ConnectionError):
        await metered_handler("flaky", refuse)(object())
    await metered_handler("flaky", accept)(object())
    after = handled("flaky", "failed"), handled("flaky", "done"), timed("flaky")
    assert [b - a for a, b in zip(before, after, strict=True)] == [1, 1, 2]
