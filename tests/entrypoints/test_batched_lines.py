"""Log lines leave in batches of whole lines, each batch one write small enough to stay
atomic on a pipe; warnings leave at once; nothing waits longer than the flusher's turn."""

import io
import logging
import select
import time
from collections.abc import Iterator

import pytest

from entrypoints.web.batched_lines import FLUSH_EVERY_SECONDS, BatchedStreamHandler


class Writes:
    """A stream that remembers each write."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> None:
        self.writes.append(text)

    def flush(self) -> None:
        pass

    @property
    def lines(self) -> list[str]:
        return "".join(self.writes).splitlines()


@pytest.fixture
def logger_to(request: pytest.FixtureRequest) -> Iterator[logging.Logger]:
    logger = logging.getLogger(f"folio.test.{request.node.name}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger
    logger.handlers.clear()


def handler_on(logger: logging.Logger, stream: Writes) -> BatchedStreamHandler:
    handler = BatchedStreamHandler()
    handler.setStream(stream)
    logger.addHandler(handler)
    return handler


def lines_once_flushed(stream: Writes, expected: list[str]) -> list[str]:
    """The stream's lines once they are `expected`, or after ten of the flusher's turns."""
    deadline = time.monotonic() + 10 * FLUSH_EVERY_SECONDS
    while stream.lines != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return stream.lines


def test_lines_are_held_then_written_whole_in_writes_a_pipe_keeps_atomic(
    logger_to: logging.Logger,
) -> None:
    stream = Writes()
    handler = handler_on(logger_to, stream)
    for n in range(200):
        logger_to.info("request %d 🦆 %s", n, "x" * (n % 50))  # 4 bytes a duck in UTF-8
    assert len(stream.writes) < 200 / 3  # several lines a write, not one each
    handler.flush()
    assert stream.lines == [f"request {n} 🦆 {'x' * (n % 50)}" for n in range(200)]
    for write in stream.writes:
        assert write.endswith("\n")
        assert len(write.encode()) <= select.PIPE_BUF


def test_a_warning_is_written_at_once_after_the_lines_held_before_it(
    logger_to: logging.Logger,
) -> None:
    stream = Writes()
    handler_on(logger_to, stream)
    logger_to.info("first")
    assert stream.writes == []
    logger_to.warning("then trouble")
    assert stream.lines == ["first", "then trouble"]


def test_held_lines_are_written_by_the_flusher_without_more_logging(
    logger_to: logging.Logger,
) -> None:
    stream = Writes()
    handler_on(logger_to, stream)
    logger_to.info("alone")
    assert lines_once_flushed(stream, ["alone"]) == ["alone"]


def test_a_closed_stream_does_not_stop_the_flusher_for_the_other_handlers(
    logger_to: logging.Logger,
) -> None:
    closed = io.StringIO()
    closed.close()
    broken = logging.getLogger("folio.test.closed")
    broken.propagate = False
    broken.setLevel(logging.INFO)
    broken.addHandler(BatchedStreamHandler())
    broken.handlers[0].setStream(closed)  # type: ignore[attr-defined]
    try:
        broken.info("into a closed stream")
        time.sleep(2 * FLUSH_EVERY_SECONDS)  # the flusher meets the closed stream
        stream = Writes()
        handler_on(logger_to, stream)
        logger_to.info("still written")
        assert lines_once_flushed(stream, ["still written"]) == ["still written"]
    finally:
        broken.handlers.clear()
