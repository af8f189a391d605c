"""Live updates end to end: a real WebSocket client against a real `folio serve` on memory,
SQLite and PostgreSQL. Every message received is validated against the AsyncAPI document."""

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import jsonschema
import jwt
import pytest
from websockets.exceptions import InvalidStatus

from adapters.security.key_ring import Ed25519KeyRing
from tests.databases import create_postgres_database, drop_postgres_database, run_sync
from tests.e2e.client import PASSWORD, Api, bearer
from tests.e2e.live_client import LiveClient
from tests.e2e.raw_websocket import RawWebSocket
from tests.fakes import FakeClock
from tests.served import THROTTLE_FOR_ONE_CLIENT, folio_serve, server_environment
from tests.signing import stored_ring, v1_tokens

ALLOWED_ORIGIN = "https://app.example"
KEY_FILES: dict[str, Path] = {}  # where each served process keeps its key ring
LIVE_SETTINGS = {
    **THROTTLE_FOR_ONE_CLIENT,
    "CORS_ORIGINS": ALLOWED_ORIGIN,
    "WORKER_EMBEDDED": "true",
    "LIVE_AUTH_TIMEOUT_SECONDS": "1",
    "LIVE_REAUTH_GRACE_SECONDS": "1",
    "LIVE_MAX_CONNECTIONS_PER_ACCOUNT": "3",
    "LIVE_SEND_QUEUE_LIMIT": "8",
    "LIVE_MAX_CLIENT_ERRORS": "3",
    # The raw sockets of some tests never answer a ping; the keepalive has a test of its own.
    "LIVE_PING_INTERVAL_SECONDS": "600",
}


@pytest.fixture(scope="module", params=["memory", "sqlite", "postgres"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp(f"live-{request.param}")
    overrides = dict(LIVE_SETTINGS, SIGNING_KEYS_FILE=str(data_dir / "signing-keys.json"))
    database = None
    if request.param == "memory":
        overrides["DATABASE_URL"] = "memory://"
    elif request.param == "postgres":
        request.getfixturevalue("postgres_url")  # skips or fails, as the suite does
        database = run_sync(create_postgres_database())
        overrides["DATABASE_URL"] = database
    try:
        with folio_serve(server_environment(data_dir, **overrides)) as base:
            KEY_FILES[base] = Path(overrides["SIGNING_KEYS_FILE"])
            yield base
    finally:
        if database is not None:
            run_sync(drop_postgres_database(database))


class Member:
    def __init__(self, api: Api, username: str, token: str) -> None:
        self.api, self.username, self.token = api, username, token

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)

    async def publish(self, title: str, body: str = "Body") -> dict[str, Any]:
        response = await self.api.http.post(
            "/posts", json={"title": title, "body": body}, headers=self.headers
        )
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def do(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        response = await self.api.http.request(method, path, headers=self.headers, **kwargs)
        assert response.status_code < 300, response.text
        return response


@pytest.fixture
async def member(server: str) -> Any:
    async with httpx.AsyncClient(base_url=f"{server}/api/v1", timeout=30) as http:
        api = Api(http)

        async def make(name: str) -> Member:
            username = f"{name}{uuid4().hex[:8]}"
            await api.register(username)
            return Member(api, username, (await api.login(username))["access_token"])

        yield make


async def test_live_a_socket_without_auth_in_time_is_closed_4408(server: str) -> None:
    client = await LiveClient.open(server)
    assert await client.closed_with() == 4408


async def test_live_a_first_message_that_is_not_auth_is_closed_4400(server: str) -> None:
    client = await LiveClient.open(server)
    await client.send(type="subscribe", topic="feed")
    assert await client.closed_with() == 4400


async def test_live_a_bad_or_foreign_token_is_closed_4401(server: str, member: Any) -> None:
    ada = await member("ada")
    async with httpx.AsyncClient(base_url=f"{server}/api") as conduit:
        login = {"user": {"email": f"{ada.username}@example.com", "password": PASSWORD}}
        conduit_token = (await conduit.post("/users/login", json=login)).json()["user"]["token"]
    for token in ("not-a-token", conduit_token, ada.token[:-2] + "xx"):
        client = await LiveClient.open(server)
        await client.send(type="auth", token=token)
        assert await client.closed_with() == 4401


async def test_live_browser_origins_outside_cors_origins_are_refused_at_the_handshake(
    server: str, member: Any
) -> None:
    with pytest.raises(InvalidStatus) as refused:
        await LiveClient.open(server, origin="https://evil.example")
    assert refused.value.response.status_code == 403
    ada = await member("ada")
    allowed = await LiveClient.signed_in(server, ada.token, origin=ALLOWED_ORIGIN)
    no_origin = await LiveClient.signed_in(server, ada.token)  # not a browser
    await allowed.close()
    await no_origin.close()


async def test_live_feed_brings_new_posts_of_followed_authors_only(
    server: str, member: Any
) -> None:
    ada, bob, cyd = await member("ada"), await member("bob"), await member("cyd")
    await bob.do("POST", f"/users/{ada.username}/follow")
    bobs, cyds = (
        await LiveClient.signed_in(server, bob.token),
        await LiveClient.signed_in(server, cyd.token),
    )
    for client in (bobs, cyds):
        await client.subscribe("feed")
        await client.subscribe("me")
    post = await ada.publish("Fresh news")
    published = await bobs.expect("post.published", topic="feed")
    assert published["payload"]["post"]["slug"] == post["slug"]
    assert published["payload"]["post"]["author"]["username"] == ada.username
    # cyd follows nobody: the next thing cyd hears is cyd's own news, not ada's post.
    await ada.do("POST", f"/users/{cyd.username}/follow")
    follower = await cyds.expect("follower.added", topic="me")
    assert follower["payload"]["follower"]["username"] == ada.username


async def test_live_a_post_topic_brings_its_edits_comments_favorites_and_deletion(
    server: str, member: Any
) -> None:
    ada, bob = await member("ada"), await member("bob")
    post = await ada.publish("Watched")
    slug = post["slug"]
    watcher = await LiveClient.signed_in(server, bob.token)
    await watcher.subscribe(f"post:{slug}")
    await ada.do("PATCH", f"/posts/{slug}", json={"body": "Edited body"})
    edited = await watcher.expect("post.edited", topic=f"post:{slug}")
    assert edited["payload"]["post"]["body"] == "Edited body"
    comment = (await bob.do("POST", f"/posts/{slug}/comments", json={"body": "Hi"})).json()
    added = await watcher.expect("comment.added")
    assert added["payload"] == {"slug": slug, "comment": added["payload"]["comment"]}
    assert added["payload"]["comment"]["body"] == "Hi"
    await bob.do("POST", f"/posts/{slug}/favorite")
    favorites = await watcher.expect("post.favorites")
    assert favorites["payload"] == {"slug": slug, "favorites_count": 1}
    await bob.do("DELETE", f"/posts/{slug}/comments/{comment['id']}")
    deleted_comment = await watcher.expect("comment.deleted")
    assert deleted_comment["payload"] == {"slug": slug, "comment_id": comment["id"]}
    await ada.do("DELETE", f"/posts/{slug}")
    assert (await watcher.expect("post.deleted"))["payload"] == {"slug": slug}


async def test_live_me_brings_comments_on_my_posts_and_new_followers(
    server: str, member: Any
) -> None:
    ada, bob = await member("ada"), await member("bob")
    post = await ada.publish("Mine")
    mine = await LiveClient.signed_in(server, ada.token)
    await mine.subscribe("me")
    await ada.do("POST", f"/posts/{post['slug']}/comments", json={"body": "my own"})
    await bob.do("POST", f"/posts/{post['slug']}/comments", json={"body": "from bob"})
    comment = await mine.expect("comment.added", topic="me")  # not ada's own comment
    assert comment["payload"]["comment"]["body"] == "from bob"
    await bob.do("POST", f"/users/{ada.username}/follow")
    follower = await mine.expect("follower.added", topic="me")
    assert follower["payload"]["follower"]["username"] == bob.username


async def test_live_subscribing_to_a_missing_post_is_an_error(server: str, member: Any) -> None:
    ada = await member("ada")
    client = await LiveClient.signed_in(server, ada.token)
    await client.send(type="subscribe", topic="post:no-such-post")
    assert (await client.expect("error"))["code"] == "not_found"


async def test_live_resume_replays_what_was_missed_or_asks_for_a_resync(
    server: str, member: Any
) -> None:
    ada, bob = await member("ada"), await member("bob")
    slug = (await ada.publish("Resumable"))["slug"]
    first, witness = (
        await LiveClient.signed_in(server, bob.token),
        await LiveClient.signed_in(server, ada.token),
    )
    for client in (first, witness):
        await client.subscribe(f"post:{slug}")
    await ada.do("PATCH", f"/posts/{slug}", json={"body": "one"})
    seen = await first.expect("post.edited")
    await first.close()
    await ada.do("PATCH", f"/posts/{slug}", json={"body": "two"})
    await ada.do("PATCH", f"/posts/{slug}", json={"body": "three"})
    for _ in range(3):  # once another socket has had both, the hub holds them
        await witness.expect("post.edited")

    again = await LiveClient.signed_in(server, bob.token)
    await again.subscribe(f"post:{slug}")
    await again.send(type="resume", last_event_id=seen["id"])
    missed = [await again.expect("post.edited"), await again.expect("post.edited")]
    assert len({m["id"] for m in missed} | {seen["id"]}) == 3
    # Each is rendered when the server takes it: the first may already show the second edit.
    assert missed[-1]["payload"]["post"]["body"] == "three"
    await again.expect("resumed", replayed=2)
    # Once per socket: resumes over and over would replay the buffer over and over.
    await again.send(type="resume", last_event_id=seen["id"])
    refused = await again.expect("error")
    assert (refused["code"], refused["detail"]) == (
        "invalid",
        "resume is accepted once per socket.",
    )
    unknown = await LiveClient.signed_in(server, bob.token)
    await unknown.send(type="resume", last_event_id=str(uuid4()))
    await unknown.expect("resync")


async def _expect_edits(client: LiveClient, count: int) -> None:
    for _ in range(count):
        await client.expect("post.edited")


async def test_live_a_consumer_too_slow_to_keep_up_is_closed_1013(server: str, member: Any) -> None:
    ada, bob = await member("ada"), await member("bob")
    slug = (await ada.publish("Busy"))["slug"]
    witness = await LiveClient.signed_in(server, ada.token)
    await witness.subscribe(f"post:{slug}")
    slow = RawWebSocket(address_of(server), receive_buffer=16_384)
    slow.send_text(json.dumps({"type": "auth", "token": bob.token}))
    slow.send_text(json.dumps({"type": "subscribe", "topic": f"post:{slug}"}))
    # Subscribed before the first edit, then it reads nothing: large edits fill the socket's
    # buffers, then its queue on the server.
    while json.loads(slow.next_text())["type"] != "subscribed":
        pass
    # The worker may trail the edits: once a client that reads has had them all, every one
    # was offered to the slow socket too, and only then does it start reading.
    all_seen = asyncio.create_task(_expect_edits(witness, 150))
    for n in range(150):
        await ada.do("PATCH", f"/posts/{slug}", json={"body": f"{n} " + "x" * 49_000})
    await all_seen
    await witness.close()
    texts, code = await asyncio.to_thread(slow.frames_until_close)
    slow.close()
    assert code == 1013
    assert len(texts) < 150  # it was closed, not sent everything


async def test_live_ending_every_session_closes_the_accounts_sockets_4401(
    server: str, member: Any
) -> None:
    ada, bob = await member("ada"), await member("bob")
    adas = [await LiveClient.signed_in(server, ada.token) for _ in range(2)]
    bobs_other_session = (await bob.api.login(bob.username))["access_token"]
    bobs = await LiveClient.signed_in(server, bobs_other_session)
    changers = await LiveClient.signed_in(server, bob.token)
    await ada.do("POST", "/auth/logout-all")
    for client in adas:
        assert await client.closed_with() == 4401
    change = {"current_password": PASSWORD, "new_password": "another long password"}
    await bob.do("PUT", "/users/me/password", json=change)
    assert await bobs.closed_with() == 4401
    await changers.subscribe("me")  # the session that changed it stays, and so its socket


async def test_live_ending_one_session_closes_its_sockets_only_4401(
    server: str, member: Any
) -> None:
    ada = await member("ada")
    other = Member(ada.api, ada.username, (await ada.api.login(ada.username))["access_token"])
    ending = await LiveClient.signed_in(server, ada.token)
    staying = await LiveClient.signed_in(server, other.token)
    sessions = (await other.do("GET", "/sessions")).json()["sessions"]
    [session_id] = [s["id"] for s in sessions if not s["current"]]
    await other.do("DELETE", f"/sessions/{session_id}")
    assert await ending.closed_with() == 4401
    await staying.subscribe("me")  # answered: still open
    await other.do("POST", "/auth/logout-all", params={"keep_current": "true"})
    await staying.subscribe("feed")  # the kept session's socket stays open too
    await other.do("POST", "/auth/logout-all")
    assert await staying.closed_with() == 4401


async def test_live_an_account_has_a_bounded_number_of_sockets_4429(
    server: str, member: Any
) -> None:
    ada = await member("ada")
    held = [await LiveClient.signed_in(server, ada.token) for _ in range(3)]
    extra = await LiveClient.open(server)
    await extra.send(type="auth", token=ada.token)
    assert await extra.closed_with() == 4429
    for client in held:
        await client.close()


async def test_live_bad_messages_get_errors_and_repeated_abuse_closes_1008(
    server: str, member: Any
) -> None:
    ada = await member("ada")
    client = await LiveClient.signed_in(server, ada.token)
    await client.ws.send("{not json")
    assert (await client.expect("error"))["code"] == "malformed"
    await client.ws.send("[" * 2_000 + "]" * 2_000)  # deeper than the JSON parser goes
    assert (await client.expect("error"))["code"] == "malformed"
    await client.ws.send('{"type": "subscribe", "topic": "' + "x" * 5_000 + '"}')
    assert (await client.expect("error"))["code"] == "too_large"
    assert await client.closed_with() == 1008
    another = await LiveClient.signed_in(server, ada.token)
    await another.send(type="shout")
    assert (await another.expect("error"))["code"] == "unknown_type"


async def test_live_an_expired_token_must_be_renewed_or_the_socket_closes(
    server: str, member: Any
) -> None:
    ada = await member("ada")
    keys = await stored_ring("memory://", key_file=KEY_FILES[server])
    almost_expired = short_lived_token(keys, ada.token, seconds_left=2)
    client = await LiveClient.signed_in(server, almost_expired)
    await client.expect("reauth")
    await client.send(type="auth", token=short_lived_token(keys, ada.token, seconds_left=2))
    await client.expect("ready")
    await client.expect("reauth")  # and this time no new token comes
    assert await client.closed_with() == 4401


async def test_live_reauthenticating_with_another_accounts_token_closes_4401(
    server: str, member: Any
) -> None:
    ada, bob = await member("ada"), await member("bob")
    client = await LiveClient.signed_in(server, ada.token)
    await client.send(type="auth", token=bob.token)  # valid, but not ada's
    assert await client.closed_with() == 4401


async def a_new_accounts_token(base: str) -> str:
    async with httpx.AsyncClient(base_url=f"{base}/api/v1") as http:
        api = Api(http)
        await api.register("ada")
        return str((await api.login("ada"))["access_token"])


def address_of(base: str) -> tuple[str, int]:
    host, port = base.removeprefix("http://").split(":")
    return host, int(port)


def short_lived_token(keys: Ed25519KeyRing, like: str, seconds_left: int) -> str:
    """A v1 access token of the same account and session as `like`, as the server issues
    them, but with only seconds to live."""
    claims = jwt.decode(like, options={"verify_signature": False})
    lifetime = timedelta(seconds=60)
    issued_at = datetime.now(UTC) - lifetime + timedelta(seconds=seconds_left)
    tokens = v1_tokens(keys, lifetime, FakeClock(issued_at))
    auth_time = datetime.fromtimestamp(claims["auth_time"], tz=UTC)
    return tokens.issue(UUID(claims["sub"]), UUID(claims["sid"]), auth_time).token


async def test_live_a_client_that_stops_answering_pings_is_disconnected(tmp_path: Path) -> None:
    env = server_environment(
        tmp_path,
        DATABASE_URL="memory://",
        LIVE_PING_INTERVAL_SECONDS="1",
        LIVE_PING_TIMEOUT_SECONDS="1",
    )
    with folio_serve(env) as base:
        silent = RawWebSocket(address_of(base))
        # It never answers a ping: uvicorn's keepalive ends the connection, not held forever.
        _, code = await asyncio.to_thread(silent.frames_until_close)
        silent.close()
    assert silent.status_line.startswith(b"HTTP/1.1 101")
    assert code == 1011


async def test_live_shutting_down_closes_sockets_with_1001(tmp_path: Path) -> None:
    env = server_environment(tmp_path, DATABASE_URL="memory://", **THROTTLE_FOR_ONE_CLIENT)
    with folio_serve(env) as base:
        client = await LiveClient.signed_in(base, await a_new_accounts_token(base))
    # folio_serve has stopped the server (SIGINT) on the way out of the block.
    assert await client.closed_with() == 1001


async def test_live_the_protocol_is_served_as_an_asyncapi_document(server: str) -> None:
    async with httpx.AsyncClient() as http:
        document = (await http.get(f"{server}/api/v1/asyncapi.json")).json()
    assert document["asyncapi"] == "3.0.0"
    assert document["channels"]["live"]["address"] == "/api/v1/live"
    messages = document["components"]["messages"]
    for name in ("client_auth", "client_subscribe", "client_resume", "post_published", "resync"):
        assert name in messages
    close_codes = document["info"]["x-close-codes"]
    assert {"1001", "1008", "1013", "4400", "4401", "4408", "4429"} <= set(close_codes)
    auth_schema = {**messages["client_auth"]["payload"], "components": document["components"]}
    jsonschema.validate({"type": "auth", "token": "t"}, auth_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"type": "auth"}, auth_schema)


async def test_live_a_full_process_turns_new_sockets_away_1013(tmp_path: Path) -> None:
    env = server_environment(
        tmp_path, DATABASE_URL="memory://", LIVE_MAX_CONNECTIONS="1", **THROTTLE_FOR_ONE_CLIENT
    )
    with folio_serve(env) as base:
        first = await LiveClient.signed_in(base, await a_new_accounts_token(base))
        second = await LiveClient.open(base)
        assert await second.closed_with() == 1013
        await first.close()
