"""A server whose background work nobody does says so: a warning in its log, and
/health/ready's body (its status stays 200: it still serves)."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import httpx
import pytest

from entrypoints.composition.container import Container
from entrypoints.host import background_watch
from tests.conftest import BACKENDS, container_on
from tests.e2e.client import PASSWORD
from tests.e2e.conftest import client_for
from tests.fakes import FakeClock

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)


async def readiness(http: httpx.AsyncClient, status: str) -> dict[str, object]:
    for _ in range(200):
        response = await http.get("/api/v1/health/ready")
        assert response.status_code == 200
        if response.json()["background_work"]["status"] == status:
            return dict(response.json()["background_work"])
        await asyncio.sleep(0.02)
    raise AssertionError(f"readiness never said {status}: {response.json()}")


async def test_work_waiting_with_no_worker_is_warned_of_and_reported_until_a_worker_works(
    database_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(background_watch, "LOOK_EVERY_SECONDS", 0.01)
    clock = FakeClock()
    with caplog.at_level(logging.INFO, logger="folio.worker"):
        async with (
            container_on(database_url, worker_embedded=False) as container,
            clock_of(container, clock),
            client_for(container, "http://folio.test") as http,
        ):
            assert await readiness(http, "ok") == {"status": "ok", "waiting_seconds": None}
            body = {"email": "ada@example.com", "username": "ada", "password": PASSWORD}
            assert (await http.post("/api/v1/auth/register", json=body)).status_code == 201
            clock.advance(timedelta(seconds=90))
            assert await readiness(http, "unattended") == {
                "status": "unattended",
                "waiting_seconds": 90,
            }
            warnings = [r for r in caplog.records if r.name == "folio.worker" and r.levelno >= 30]
            assert len(warnings) == 1
            assert "is a `folio worker` running" in warnings[0].getMessage()

            queue = container.outbox_queue()
            [claimed, *_] = await queue.claim(limit=1, now=clock.now(), lease=timedelta(seconds=30))
            await queue.complete(claimed, clock.now())
            await readiness(http, "ok")
    assert "background_work_resumed" in caplog.messages


@asynccontextmanager
async def clock_of(container: Container, clock: FakeClock) -> AsyncIterator[None]:
    with container.clock.override(clock):
        yield
