"""Live updates across instances: two `folio serve` processes and a `folio worker` on one
PostgreSQL database and one Redis. A post published through one process reaches its author's
followers on both processes, each socket exactly once."""

import secrets
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.databases import create_postgres_database, drop_postgres_database, run_sync
from tests.e2e.client import Api, bearer
from tests.e2e.live_client import LiveClient
from tests.served import THROTTLE_FOR_ONE_CLIENT, folio_serve, folio_worker, server_environment
from tests.support import redis_url

pytestmark = pytest.mark.usefixtures("postgres_url")  # skips or fails, as the suite does


@pytest.fixture
def instances(tmp_path: Path) -> Iterator[tuple[str, str]]:
    database = run_sync(create_postgres_database())
    shared = {
        **THROTTLE_FOR_ONE_CLIENT,
        "DATABASE_URL": database,
        "REDIS_URL": redis_url(),
        "LIVE_REDIS_CHANNEL": f"folio-test-live-{secrets.token_hex(4)}",
        "THROTTLE_KEY_PREFIX": f"folio-test-{secrets.token_hex(4)}",
        "WORKER_EMBEDDED": "false",
    }
    try:
        with ExitStack() as stack:
            bases = [
                stack.enter_context(folio_serve(server_environment(tmp_path / name, **shared)))
                for name in ("a", "b")
            ]
            stack.enter_context(folio_worker(server_environment(tmp_path / "worker", **shared)))
            yield bases[0], bases[1]
    finally:
        run_sync(drop_postgres_database(database))


async def test_live_a_post_published_through_one_instance_reaches_followers_on_both_once(
    instances: tuple[str, str],
) -> None:
    a, b = instances
    async with httpx.AsyncClient(base_url=f"{a}/api/v1", timeout=30) as http:
        api = Api(http)
        for name in ("ada", "bob"):
            await api.register(name)
        ada = bearer((await api.login("ada"))["access_token"])
        bob_token = (await api.login("bob"))["access_token"]
        assert (await http.post("/users/ada/follow", headers=bearer(bob_token))).status_code == 200
        on_a = await LiveClient.signed_in(a, bob_token)
        on_b = await LiveClient.signed_in(b, bob_token)
        for client in (on_a, on_b):
            await client.subscribe("feed")
            await client.subscribe("me")
        first = await http.post("/posts", json={"title": "Across", "body": "x"}, headers=ada)
        assert first.status_code == 201
        published = [await client.expect("post.published", topic="feed") for client in (on_a, on_b)]
        assert {m["payload"]["post"]["slug"] for m in published} == {first.json()["slug"]}
        assert published[0]["id"] == published[1]["id"]
        # Once: the next thing each socket hears is the next event, not the same one again.
        await http.post("/users/bob/follow", headers=ada)
        for client in (on_a, on_b):
            follower = await client.expect("follower.added", topic="me")
            assert follower["payload"]["follower"]["username"] == "ada"


async def test_an_ended_session_is_refused_and_its_sockets_closed_on_both_instances(
    instances: tuple[str, str],
) -> None:
    a, b = instances
    async with (
        httpx.AsyncClient(base_url=f"{a}/api/v1", timeout=30) as on_a,
        httpx.AsyncClient(base_url=f"{b}/api/v1", timeout=30) as on_b,
    ):
        await Api(on_a).register("ada")
        ending = bearer((await Api(on_a).login("ada"))["access_token"])
        staying = bearer((await Api(on_b).login("ada"))["access_token"])
        for http in (on_a, on_b):
            assert (await http.get("/users/me", headers=ending)).status_code == 200
        sockets = [
            await LiveClient.signed_in(base, ending["Authorization"].removeprefix("Bearer "))
            for base in (a, b)
        ]
        sessions = (await on_b.get("/sessions", headers=staying)).json()["sessions"]
        [session_id] = [s["id"] for s in sessions if not s["current"]]
        assert (await on_b.delete(f"/sessions/{session_id}", headers=staying)).status_code == 204
        for http in (on_a, on_b):
            assert (await http.get("/users/me", headers=ending)).status_code == 401
            assert (await http.get("/users/me", headers=staying)).status_code == 200
        for socket in sockets:
            assert await socket.closed_with() == 4401
