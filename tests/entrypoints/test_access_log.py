"""The access log holds lines while other requests are in flight, for at most a batch or
HOLD_SECONDS, and logs each in its own request's context, with its own time."""

import contextvars
import logging
import time
from collections.abc import Iterator

import pytest

from entrypoints.web.access_log import HOLD_LINES, HOLD_SECONDS, AccessLog
from tests.support import eventually

request_name: contextvars.ContextVar[str] = contextvars.ContextVar("request_name", default="-")


class Recorded(logging.Handler):
    """Records with what a filter saw of their context when they were handled."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.seen_request = request_name.get()
        self.records.append(record)

    @property
    def paths(self) -> list[str]:
        return [record.path for record in self.records]  # type: ignore[attr-defined]


@pytest.fixture
def recorded() -> Iterator[Recorded]:
    logger = logging.getLogger("tests.access")
    handler = Recorded()
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)


def request_ended(log: AccessLog, name: str) -> None:
    """What the middleware does when a request ends, in that request's own context."""
    request_name.set(name)
    log.finished({"path": f"/{name}"})


async def test_a_line_is_written_at_once_when_no_other_request_is_in_flight(
    recorded: Recorded,
) -> None:
    log = AccessLog(logging.getLogger("tests.access"))
    log.started()
    contextvars.copy_context().run(request_ended, log, "a")
    assert recorded.paths == ["/a"]


async def test_lines_are_held_while_requests_are_in_flight_and_written_by_the_last(
    recorded: Recorded,
) -> None:
    log = AccessLog(logging.getLogger("tests.access"))
    for _ in range(3):
        log.started()
    contextvars.copy_context().run(request_ended, log, "a")
    contextvars.copy_context().run(request_ended, log, "b")
    assert recorded.paths == []
    contextvars.copy_context().run(request_ended, log, "c")
    assert recorded.paths == ["/a", "/b", "/c"]
    # Each was logged in its own request's context, as if logged when it ended.
    assert [r.seen_request for r in recorded.records] == ["a", "b", "c"]  # type: ignore[attr-defined]


async def test_a_full_batch_is_written_while_requests_are_still_in_flight(
    recorded: Recorded,
) -> None:
    log = AccessLog(logging.getLogger("tests.access"))
    for _ in range(HOLD_LINES + 1):
        log.started()
    for n in range(HOLD_LINES):
        contextvars.copy_context().run(request_ended, log, str(n))
    assert len(recorded.records) == HOLD_LINES


async def test_held_lines_are_written_within_hold_seconds_and_keep_their_own_time(
    recorded: Recorded,
) -> None:
    log = AccessLog(logging.getLogger("tests.access"))
    log.started()
    log.started()  # still in flight throughout
    ended = time.time()
    contextvars.copy_context().run(request_ended, log, "a")
    await eventually(lambda: recorded.paths == ["/a"], seconds=HOLD_SECONDS * 4)
    assert time.time() - ended >= HOLD_SECONDS * 0.9
    [record] = recorded.records
    assert record.created == pytest.approx(ended, abs=0.1)
    assert record.msecs == int((record.created % 1) * 1000)


async def test_nothing_is_held_when_the_access_log_is_off(recorded: Recorded) -> None:
    logging.getLogger("tests.access").setLevel(logging.WARNING)
    log = AccessLog(logging.getLogger("tests.access"))
    log.started()
    log.started()
    contextvars.copy_context().run(request_ended, log, "a")
    logging.getLogger("tests.access").setLevel(logging.INFO)
    contextvars.copy_context().run(request_ended, log, "b")
    assert recorded.paths == ["/b"]
