"""Two `folio serve` processes and a `folio worker` on one PostgreSQL and Redis, behind a real
nginx: what one instance does, the other knows."""

import json
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.databases import create_postgres_database, drop_postgres_database, run_sync
from tests.e2e.client import Api
from tests.e2e.live_client import LiveClient
from tests.proxy import PROXY_SOURCE, nginx_in_front_of
from tests.served import folio_serve, folio_worker, server_environment, server_log
from tests.support import free_port, redis_url

TOKEN = "metrics-token-0123456789"
METRICS = {"Authorization": f"Bearer {TOKEN}"}
PASSWORD = "password123"


@pytest.fixture
def database() -> Iterator[str]:
    url = run_sync(create_postgres_database())
    yield url
    run_sync(drop_postgres_database(url))


@pytest.fixture
def instances(tmp_path: Path, database: str) -> list[dict[str, str]]:
    shared = {
        "DATABASE_URL": database,
        "REDIS_URL": redis_url(),
        "THROTTLE_KEY_PREFIX": f"folio-test-{secrets.token_hex(4)}",
        "THROTTLE_REGISTRATIONS_PER_ADDRESS": "4/hour",
        "FORWARDED_ALLOW_IPS": PROXY_SOURCE,
        "METRICS_TOKEN": TOKEN,
        "WORKER_POLL_SECONDS": "0.2",
        "REFRESH_REUSE_GRACE_SECONDS": "0",
    }
    return [server_environment(tmp_path / name, **shared) for name in ("a", "b")]


@dataclass(frozen=True)
class Cluster:
    proxy: str
    instances: list[str]
    worker_metrics: str


@pytest.fixture
def cluster(instances: list[dict[str, str]]) -> Iterator[Cluster]:
    worker_port = free_port()
    with (
        folio_serve(instances[0]) as first,
        folio_serve(instances[1]) as second,
        folio_worker({**instances[0], "WORKER_METRICS_PORT": str(worker_port)}),
        nginx_in_front_of([first.removeprefix("http://"), second.removeprefix("http://")]) as base,
    ):
        yield Cluster(base, [first, second], f"http://127.0.0.1:{worker_port}/metrics")


@pytest.fixture
def proxy(cluster: Cluster) -> str:
    return cluster.proxy


def logged_clients(instances: list[dict[str, str]], path: str, *, at_least: int) -> list[str]:
    """The client addresses the instances' access logs give for `path`. A line is written
    once its response is sent, so it may come a moment after the answer."""
    deadline = time.monotonic() + 10
    while True:
        clients = [
            line["client"]
            for env in instances
            for line in map(json.loads, server_log(env).read_text().splitlines())
            if line.get("logger") == "folio.access" and line["path"] == path
        ]
        if len(clients) >= at_least or time.monotonic() > deadline:
            return clients
        time.sleep(0.05)


def register(client: httpx.Client, name: str) -> httpx.Response:
    account = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
    return client.post("/api/v1/auth/register", json=account)


def test_a_refresh_token_reused_through_the_other_instance_ends_the_session(proxy: str) -> None:
    with httpx.Client(base_url=proxy) as client:
        assert register(client, "ada").status_code == 201
        tokens = client.post(
            "/api/v1/auth/login", json={"login": "ada", "password": PASSWORD}
        ).json()
        rotated = client.post(
            "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert rotated.status_code == 200
        # Outside the reuse grace: the old token again, through whichever instance is next.
        replayed = []
        for _ in range(2):
            answer = client.post(
                "/api/v1/auth/refresh",
                json={"refresh_token": tokens["refresh_token"]},
                headers={"X-Request-ID": "replay"},
            )
            replayed.append((answer.status_code, answer.headers["x-upstream"]))
        assert [status for status, _ in replayed] == [401, 401]
        assert replayed[0][1] != replayed[1][1], "both replays reached the same instance"
        # The family is revoked everywhere: the rotated token is refused by both instances.
        for _ in range(2):
            again = client.post(
                "/api/v1/auth/refresh", json={"refresh_token": rotated.json()["refresh_token"]}
            )
            assert again.status_code == 401


def test_throttling_counts_are_shared_and_x_forwarded_for_comes_only_from_the_proxy(
    proxy: str, instances: list[dict[str, str]]
) -> None:
    # Through the proxy from 127.0.0.3: the instances see that address, not nginx's.
    through = httpx.Client(base_url=proxy, transport=httpx.HTTPTransport(local_address="127.0.0.3"))
    with through:
        answers = [register(through, f"user{n}") for n in range(5)]
        forged = through.post(
            "/api/v1/auth/register",
            json={"email": "x@example.com", "username": "xavier", "password": PASSWORD},
            headers={"X-Forwarded-For": "203.0.113.9"},
        )
    assert [a.status_code for a in answers] == [201] * 4 + [429]
    assert len({a.headers["x-upstream"] for a in answers}) == 2, "one instance did all the work"
    # nginx replaces what the client claims: still 127.0.0.3, still throttled.
    assert forged.status_code == 429
    clients = logged_clients(instances, "/api/v1/auth/register", at_least=6)
    assert set(clients) == {"127.0.0.3"}


def test_a_client_that_sends_x_forwarded_for_directly_is_not_believed(
    cluster: Cluster, instances: list[dict[str, str]]
) -> None:
    with httpx.Client(base_url=cluster.instances[0]) as client:
        answer = client.get("/api/v1/health/live", headers={"X-Forwarded-For": "203.0.113.9"})
    assert answer.status_code == 200
    assert logged_clients(instances[:1], "/api/v1/health/live", at_least=1) == ["127.0.0.1"]


def test_the_worker_drains_what_both_instances_recorded(cluster: Cluster) -> None:
    with httpx.Client(base_url=cluster.proxy) as client:
        for name in ("grace", "linus"):
            assert register(client, name).status_code == 201
        metrics = "folio_outbox_pending 0.0"
        for _ in range(100):
            scraped = client.get("/metrics", headers=METRICS)
            if metrics in scraped.text.splitlines():
                break
            time.sleep(0.1)
        assert metrics in scraped.text.splitlines()
    # The worker's own figures, on its own port, behind the same token.
    assert httpx.get(cluster.worker_metrics).status_code == 401
    worker = httpx.get(cluster.worker_metrics, headers=METRICS).text.splitlines()
    assert 'folio_worker_handled_total{handler="send_welcome_mail",outcome="done"} 2.0' in worker
    assert metrics in worker


async def test_live_updates_reach_sockets_on_either_instance_through_the_proxy(
    cluster: Cluster,
) -> None:
    async with httpx.AsyncClient(base_url=f"{cluster.proxy}/api/v1") as http:
        api = Api(http)
        ada, bob = await api.sign_up("ada"), await api.sign_up("bob")
        assert (await http.post("/users/ada/follow", headers=bob)).status_code == 200
        token = bob["Authorization"].removeprefix("Bearer ")
        # nginx takes turns: two sockets opened one after the other land on both instances.
        sockets = [await LiveClient.signed_in(cluster.proxy, token) for _ in range(2)]
        handshakes = [socket.ws.response for socket in sockets]
        upstreams = {answer.headers["X-Upstream"] for answer in handshakes if answer is not None}
        assert len(upstreams) == 2, "both sockets reached the same instance"
        for socket in sockets:
            await socket.subscribe("feed")
        for instance in cluster.instances:
            scraped = await http.get(f"{instance}/metrics", headers=METRICS)
            assert "folio_live_connections 1.0" in scraped.text.splitlines()
        # Recorded by one instance, handed out by the worker, fanned out through Redis.
        post = await api.publish(ada, "Across instances")
        for socket in sockets:
            published = await socket.expect("post.published", topic="feed")
            assert published["payload"]["post"]["slug"] == post["slug"]
            await socket.close()
