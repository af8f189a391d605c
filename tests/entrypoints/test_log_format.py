"""Readable lines in development, JSON elsewhere, LOG_FORMAT to choose; neither carries
uvicorn's terminal colour codes, and neither lets a value start a line of its own."""

import io
import json
import logging
from collections.abc import Iterator
from typing import Literal

import pytest

from adapters.sqlalchemy.connections.engine import create_engine
from entrypoints.observability.metrics.pool import metered_pool
from entrypoints.web.logging import configure_logging
from tests.support import settings_for_tests


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    yield stream
    root.handlers[:] = handlers
    root.setLevel(level)


def emit(stream: io.StringIO, log_format: Literal["json", "text"]) -> list[str]:
    configure_logging("INFO", log_format)
    logging.getLogger().handlers[0].setStream(stream)  # type: ignore[attr-defined]
    logging.getLogger("folio.access").info(
        "request", extra={"path": "/a b\nforged", "status": 200, "request_id": "r1"}
    )
    logging.getLogger("uvicorn.error").info("Started", extra={"color_message": "\x1b[36m"})
    logging.getLogger().handlers[0].flush()  # lines are written in batches
    return stream.getvalue().splitlines()


def test_text_lines_carry_the_fields_one_record_per_line(logged: io.StringIO) -> None:
    access, started = emit(logged, "text")
    assert access.endswith('folio.access request path="/a b\\nforged" status=200 request_id=r1')
    assert started.endswith("uvicorn.error Started")


def test_json_lines_leave_out_the_colour_codes(logged: io.StringIO) -> None:
    access, started = (json.loads(line) for line in emit(logged, "json"))
    assert access["path"] == "/a b\nforged"
    assert "color_message" not in started


def test_json_lines_carry_each_records_own_second_in_utc(logged: io.StringIO) -> None:
    configure_logging("INFO", "json")
    handler = logging.getLogger().handlers[0]
    handler.setStream(logged)  # type: ignore[attr-defined]
    # The time is rendered once per second: a record of another second gets its own.
    for created in (1_700_000_000.1, 1_700_000_000.9, 1_700_000_001.2, 86_399.5):
        handler.handle(_created_at(created))
    handler.flush()
    times = [json.loads(line)["time"] for line in logged.getvalue().splitlines()]
    assert times == [
        "2023-11-14T22:13:20Z",
        "2023-11-14T22:13:20Z",
        "2023-11-14T22:13:21Z",
        "1970-01-01T23:59:59Z",
    ]


def _created_at(created: float) -> logging.LogRecord:
    record = logging.LogRecord("folio.access", logging.INFO, "", 0, "request", (), None)
    record.created = created
    return record


@pytest.mark.parametrize(
    ("app_env", "log_format", "expected"),
    [("development", None, "text"), ("production", None, "json"), ("development", "json", "json")],
)
def test_the_format_follows_the_environment_unless_chosen(
    app_env: str, log_format: str | None, expected: str
) -> None:
    settings = settings_for_tests(app_env=app_env, log_format=log_format)
    assert settings.effective_log_format == expected


async def test_the_pools_own_lines_stay_below_info_as_sqlalchemys_do(
    logged: io.StringIO, postgres_url: str
) -> None:
    configure_logging("INFO", "json")
    logging.getLogger().handlers[0].setStream(logged)  # type: ignore[attr-defined]
    engine = create_engine(postgres_url, poolclass=metered_pool("requests"))
    async with engine.connect() as connection:
        await connection.exec_driver_sql("select 1")
    await engine.dispose()  # "Pool disposed", "Pool recreating": INFO lines of the pool's
    logging.getLogger().handlers[0].flush()  # lines are written in batches
    assert logged.getvalue() == ""
