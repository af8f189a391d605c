"""GET /metrics (METRICS_TOKEN): Prometheus text, per route template, behind a bearer token."""

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from entrypoints.composition.container import Container
from tests.conftest import container_on
from tests.e2e.conftest import client_for
from tests.served import folio_serve, server_environment

TOKEN = "metrics-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BACKENDS = ["memory", "postgres"]


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(text: str, name: str, **labels: str) -> float:
    return samples(text).get((name, frozenset(labels.items())), 0.0)


@pytest.fixture(params=BACKENDS)
async def metered(request: pytest.FixtureRequest) -> AsyncIterator[Container]:
    url = "memory://" if request.param == "memory" else request.getfixturevalue("postgres_url")
    async with container_on(url, metrics_token=TOKEN) as container:
        yield container


@pytest.fixture
async def client(metered: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(metered, "http://folio.test") as client:
        yield client


async def test_metrics_are_off_without_a_token() -> None:
    async with (
        container_on("memory://") as container,
        client_for(container, "http://folio.test") as client,
    ):
        assert (await client.get("/metrics", headers=AUTH)).status_code == 404


async def test_metrics_need_the_bearer_token(client: httpx.AsyncClient) -> None:
    refused = await client.get("/metrics")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"] == "Bearer"
    assert (
        await client.get("/metrics", headers={"Authorization": "Bearer wrong"})
    ).status_code == 401
    assert (await client.post("/metrics", headers=AUTH)).status_code == 405
    # Prometheus names a target by its address, which ALLOWED_HOSTS need not list.
    scraped = await client.get("http://10.0.0.7:9000/metrics", headers=AUTH)
    assert scraped.status_code == 200
    assert scraped.headers["content-type"].startswith("text/plain; version=")


async def test_requests_are_counted_per_route_template_never_per_path(
    client: httpx.AsyncClient,
) -> None:
    before = (await client.get("/metrics", headers=AUTH)).text
    for slug in ("no-such-post", "another-missing-one"):
        assert (await client.get(f"/api/v1/posts/{slug}")).status_code == 404
    assert (await client.get("/api/articles/no-such-post")).status_code == 404
    assert (await client.get("/api/v1/health/live")).status_code == 200
    after = (await client.get("/metrics", headers=AUTH)).text

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "folio_http_requests_total"
    assert grew(requests, method="GET", route="/api/v1/posts/{slug}", status="4xx") == 2
    assert grew(requests, method="GET", route="/api/articles/{slug}", status="4xx") == 1
    assert grew(requests, method="GET", route="/api/v1/health/live", status="2xx") == 1
    histogram = "folio_http_request_duration_seconds_count"
    assert grew(histogram, method="GET", route="/api/v1/posts/{slug}") == 2
    assert "no-such-post" not in after


async def test_outbox_hashing_and_pool_are_reported(
    client: httpx.AsyncClient, metered: Container
) -> None:
    registered = await client.post(
        "/api/v1/auth/register",
        json={"email": "ada@example.com", "username": "ada", "password": "password123"},
    )
    assert registered.status_code == 201
    text = (await client.get("/metrics", headers=AUTH)).text
    # Nothing runs the worker here: the sign-up's events wait.
    assert value(text, "folio_outbox_pending") >= 1
    assert value(text, "folio_outbox_dead") == 0
    assert value(text, "folio_outbox_oldest_pending_age_seconds") >= 0
    names = {name for name, _ in samples(text)}
    assert "folio_password_hashes_in_progress" in names
    assert "folio_live_connections" in names
    if metered.settings().storage_backend == "sql":
        assert ("folio_db_pool_connections_in_use", frozenset({("pool", "requests")})) in samples(
            text
        )


async def test_pool_timeouts_and_waiters_are_counted(postgres_url: str) -> None:
    async with (
        container_on(
            postgres_url, metrics_token=TOKEN, db_pool_size=1, db_pool_timeout_seconds=0.5
        ) as container,
        client_for(container, "http://folio.test") as client,
    ):
        before = (await client.get("/metrics", headers=AUTH)).text
        async with container.unit_of_work():  # holds the only connection
            waiting = asyncio.create_task(client.get("/api/v1/posts"))
            await asyncio.sleep(0.2)
            during = (await client.get("/metrics", headers=AUTH)).text
            assert (await waiting).status_code == 503
        after = (await client.get("/metrics", headers=AUTH)).text
    labels = {"pool": "requests"}
    assert value(during, "folio_db_pool_waiting", **labels) >= 1
    assert value(during, "folio_db_pool_connections_in_use", **labels) >= 1
    assert (
        value(after, "folio_db_pool_timeouts_total", **labels)
        - value(before, "folio_db_pool_timeouts_total", **labels)
        == 1
    )


async def test_throttling_rejections_are_counted() -> None:
    async with (
        container_on(
            "memory://", metrics_token=TOKEN, throttle_registrations_per_address="1/hour"
        ) as container,
        client_for(container, "http://folio.test") as client,
    ):
        before = (await client.get("/metrics", headers=AUTH)).text
        for n in range(2):
            account = {"email": f"ada{n}@example.com", "username": f"ada{n}"}
            answer = await client.post(
                "/api/v1/auth/register", json={**account, "password": "password123"}
            )
            assert answer.status_code == (201, 429)[n]
        after = (await client.get("/metrics", headers=AUTH)).text
    name = "folio_throttled_requests_total"
    assert (
        value(after, name, limit="registrations") - value(before, name, limit="registrations") == 1
    )


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[str]:
    env = server_environment(tmp_path, METRICS_TOKEN=TOKEN)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with folio_serve(env, "--workers", "2") as base:
        yield base


def test_with_several_workers_a_scrape_adds_up_every_process(two_workers: str) -> None:
    route = {"method": "GET", "route": "/api/v1/health/live", "status": "2xx"}
    # New connections spread over the two processes; whichever answers the scrape counts all.
    for _ in range(40):
        assert httpx.get(f"{two_workers}/api/v1/health/live").status_code == 200
    text = httpx.get(f"{two_workers}/metrics", headers=AUTH).text
    assert value(text, "folio_http_requests_total", **route) == 40
