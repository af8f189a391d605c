"""Redis stopped or hung under a serving instance (REDIS_URL set): the throttle counts in
process meanwhile, so logins and sign-ups keep their answers and their limits, readiness stays
200 and the gauge says where counting happens; once Redis is back, counting returns to it."""

import asyncio
import contextlib
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from adapters.redis import attempt_counters
from tests.conftest import container_on
from tests.e2e.client import PASSWORD
from tests.e2e.test_auth06_throttling import ATTACKER, OWNER, log_in, register, served
from tests.e2e.test_metrics import TOKEN, value
from tests.redis_server import RedisServer, redis_server
from tests.served import server_environment
from tests.support import free_port


@pytest.fixture
def redis() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


async def counting_in_redis(http: httpx.AsyncClient) -> float:
    metrics = await http.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    return value(metrics.text, "folio_throttle_counting_in_redis")


@pytest.mark.parametrize("outage", ["stopped", "hung"])
async def test_with_redis_away_the_throttle_counts_in_process_and_nothing_fails(
    redis: RedisServer, outage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(attempt_counters, "REDIS_RETRY_AFTER_SECONDS", 0.5)
    settings = {
        "redis_url": redis.url,
        "throttle_key_prefix": f"folio-test-{secrets.token_hex(4)}",
        "metrics_token": TOKEN,
    }
    async with (
        container_on("memory://", **settings) as container,
        served(container) as client,
        client(ATTACKER) as attacker,
        client(OWNER) as owner,
    ):
        await register(owner, "ada")
        assert await counting_in_redis(owner) == 1
        redis.stop() if outage == "stopped" else redis.hang()
        await register(owner, "bob")
        for _ in range(10):
            assert (await log_in(attacker, "ada", "a wrong guess")).status_code == 401
        assert (await log_in(attacker, "ada", PASSWORD)).status_code == 429
        assert (await log_in(owner, "ada", PASSWORD)).status_code == 200
        assert await counting_in_redis(owner) == 0
        assert (await owner.get("/api/v1/health/ready")).status_code == 200
        redis.start() if outage == "stopped" else redis.resume()

        async with asyncio.timeout(10):  # tried again every half second here
            while await counting_in_redis(owner) == 0:
                assert (await log_in(owner, "ada", PASSWORD)).status_code == 200
                await asyncio.sleep(0.1)


async def test_a_rediss_url_counts_in_redis_over_tls_shared_by_instances() -> None:
    with redis_server(tls=True) as redis:
        settings = {
            "redis_url": redis.url,
            "throttle_key_prefix": f"folio-test-{secrets.token_hex(4)}",
            "metrics_token": TOKEN,
        }
        async with (
            container_on("memory://", **settings) as first_instance,
            container_on("memory://", **settings) as second_instance,
            served(first_instance) as first,
            served(second_instance) as second,
            first(ATTACKER) as via_first,
            second(ATTACKER) as via_second,
            first(OWNER) as owner,
        ):
            await register(owner, "ada")
            for _ in range(10):
                assert (await log_in(via_first, "ada", "a wrong guess")).status_code == 401
            assert (await log_in(via_second, "ada", PASSWORD)).status_code == 429
            assert await counting_in_redis(owner) == 1


@pytest.mark.parametrize("outage", ["refused from the start", "hung from the start", "killed"])
def test_a_server_whose_redis_is_away_stops_on_sigterm(tmp_path: Path, outage: str) -> None:
    """Readiness stays 200 (the throttle counts in process, live updates wait for Redis), and
    SIGTERM ends the process as usual."""
    with redis_server() as redis:
        if outage == "refused from the start":
            redis.stop()
        elif outage == "hung from the start":
            redis.hang()
        port = free_port()
        env = server_environment(tmp_path, REDIS_URL=redis.url)
        with (tmp_path / "serve.log").open("w") as log:
            process = subprocess.Popen(  # noqa: S603 - our own console script
                [str(Path(sys.executable).parent / "folio"), "serve", "--port", str(port)],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            ready = _ready(f"http://127.0.0.1:{port}/api/v1/health/ready", process)
            if outage == "killed":
                redis.stop()
                time.sleep(1)  # the live listener has lost its connection and waits
            process.send_signal(signal.SIGTERM)
            code = process.wait(timeout=20)
        finally:
            process.kill()
            process.wait()
    log_text = (tmp_path / "serve.log").read_text()
    assert ready, log_text
    assert code == 0, log_text
    assert "Application shutdown complete." in log_text


def _ready(url: str, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url).status_code == 200:
                return True
        time.sleep(0.1)
    return False
