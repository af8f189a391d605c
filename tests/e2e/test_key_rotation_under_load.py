"""A signing key rotated while two `folio serve` instances behind nginx serve a steady load of
authenticated reads, with `folio keys` as an operator runs it: not one read refused from the
key's addition to the old key's retirement, and the retired key's tokens refused by both
instances afterwards (RFC 7517 key sets; ASVS 5.0.0 V6/V7)."""

import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import httpx
import jwt
import pytest

from adapters.security.key_ring import Ed25519KeyRing
from adapters.system import SystemClock
from application.ports.signing_keys import KeyState, SigningKey
from tests.databases import create_postgres_database, drop_postgres_database, run_sync
from tests.proxy import PROXY_SOURCE, nginx_in_front_of
from tests.served import THROTTLE_FOR_ONE_CLIENT, folio_serve, server_environment
from tests.signing import v1_tokens
from tests.support import build_container, settings_for_tests

PASSWORD = "password123"
TOKEN_SECONDS = 60  # the shortest either API allows; a retirement waits it out
ROTATION = {
    **THROTTLE_FOR_ONE_CLIENT,
    "FORWARDED_ALLOW_IPS": PROXY_SOURCE,
    "ACCESS_TOKEN_TTL_SECONDS": str(TOKEN_SECONDS),
    "CONDUIT_TOKEN_TTL_SECONDS": str(TOKEN_SECONDS),
    "SIGNING_KEYS_REFRESH_SECONDS": "0.5",
    "JWKS_MAX_AGE_SECONDS": "1",
    "SIGNING_KEY_PROMOTION_DELAY_SECONDS": "3",
}
READERS = 4


@pytest.fixture
def database() -> Iterator[str]:
    url = run_sync(create_postgres_database())
    yield url
    run_sync(drop_postgres_database(url))


@dataclass
class Load:
    """Readers that each sign in once, read their account through the proxy without pause,
    and refresh their access token when it is two-thirds through its life, as a client does."""

    proxy: str
    stopping: threading.Event = field(default_factory=threading.Event)
    statuses: Counter[int] = field(default_factory=Counter)
    kids: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, name: str) -> None:
        with httpx.Client(base_url=self.proxy, timeout=30) as client:
            account = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
            assert client.post("/api/v1/auth/register", json=account).status_code == 201
            tokens = client.post("/api/v1/auth/login", json={"login": name, "password": PASSWORD})
            pair, renewed_at = tokens.json(), time.monotonic()
            while not self.stopping.is_set():
                if time.monotonic() - renewed_at > TOKEN_SECONDS * 2 / 3:
                    fresh = client.post(
                        "/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]}
                    )
                    self.count(fresh.status_code, None)
                    if fresh.status_code == 200:
                        pair, renewed_at = fresh.json(), time.monotonic()
                    continue
                token = pair["access_token"]
                answer = client.get(
                    "/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}
                )
                self.count(answer.status_code, jwt.get_unverified_header(token)["kid"])

    def count(self, status: int, kid: str | None) -> None:
        with self.lock:
            self.statuses[status] += 1
            if kid is not None:
                self.kids[kid] += 1


def keys(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    folio = str(Path(sys.executable).parent / "folio")
    return subprocess.run(  # noqa: S603 - our own console script
        [folio, "keys", *args], env=env, capture_output=True, text=True, check=False
    )


def published(proxy: str) -> list[str]:
    return [k["kid"] for k in httpx.get(f"{proxy}/.well-known/jwks.json").json()["keys"]]


def eventually(check: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not within the refresh interval"
        time.sleep(0.1)


async def stored_keys(database: str) -> tuple[list[SigningKey], Ed25519KeyRing]:
    """The ring as the instances store it, and an empty ring that opens its private parts
    (KEY_ENCRYPTION_KEY derived from the same JWT_SECRET)."""
    container = build_container(settings_for_tests(database))
    async with container.unit_of_work() as uow:
        stored = await uow.signing_keys.all()
    await container.sql_connections().dispose()
    return stored, Ed25519KeyRing(container.signing_key_box())


def signed_by(key: SigningKey, ring: Ed25519KeyRing, like: str) -> str:
    """A fresh token of `like`'s account and session, signed by `key` whatever its state."""
    ring.load([replace(key, state=KeyState.ACTIVE)])
    claims = jwt.decode(like, options={"verify_signature": False})
    tokens = v1_tokens(ring, timedelta(seconds=TOKEN_SECONDS), SystemClock())
    issued = tokens.issue(UUID(claims["sub"]), UUID(claims["sid"]), datetime.now(UTC))
    return issued.token


def test_key05_a_key_rotation_under_load_refuses_no_read(tmp_path: Path, database: str) -> None:
    envs = [server_environment(tmp_path / n, DATABASE_URL=database, **ROTATION) for n in "ab"]
    with (
        folio_serve(envs[0]) as first,
        folio_serve(envs[1]) as second,
        nginx_in_front_of([first.removeprefix("http://"), second.removeprefix("http://")]) as proxy,
    ):
        [old_kid] = published(proxy)
        load = Load(proxy)
        readers = [threading.Thread(target=load.read, args=(f"reader{i}",)) for i in range(READERS)]
        for reader in readers:
            reader.start()
        try:
            eventually(lambda: sum(load.statuses.values()) > 50, 30)
            added = keys(envs[0], "add")
            assert added.returncode == 0, added.stderr
            new_kid = added.stdout.split()[2].rstrip(":")
            eventually(lambda: published(proxy) == [old_kid, new_kid], 5)
            early = keys(envs[1], "promote", new_kid)
            assert early.returncode == 1
            assert "promote it from" in early.stderr
            time.sleep(3)
            promoted = keys(envs[1], "promote", new_kid)
            assert promoted.returncode == 0, promoted.stderr
            eventually(lambda: load.kids[new_kid] > 0, TOKEN_SECONDS)
            refused = keys(envs[0], "retire", old_kid)
            assert refused.returncode == 1
            # "... may be in use until <when>; retire it then ...": then it works.
            until = datetime.fromisoformat(refused.stderr.split("in use until ")[1].split(";")[0])
            time.sleep(max(0.0, (until - datetime.now(UTC)).total_seconds()) + 0.5)
            retired = keys(envs[0], "retire", old_kid)
            assert retired.returncode == 0, retired.stderr
            eventually(lambda: published(proxy) == [new_kid], 5)
        finally:
            load.stopping.set()
            for reader in readers:
                reader.join()
        assert set(load.statuses) == {200}, load.statuses
        assert load.kids[old_kid] > 0
        assert load.kids[new_kid] > 0

        # Afterwards: a token signed by the retired key is refused by both instances, where
        # the same token signed by the active key is not.
        stored, ring = run_sync(stored_keys(database))
        by_kid = {k.kid: k for k in stored}
        assert by_kid[old_kid].state is KeyState.RETIRED
        with httpx.Client(timeout=30) as client:
            login = {"login": "reader0", "password": PASSWORD}
            like = client.post(f"{proxy}/api/v1/auth/login", json=login).json()["access_token"]
            for instance in (first, second):
                for kid, status in ((old_kid, 401), (new_kid, 200)):
                    token = signed_by(by_kid[kid], ring, like)
                    headers = {"Authorization": f"Bearer {token}"}
                    answer = client.get(f"{instance}/api/v1/users/me", headers=headers)
                    assert answer.status_code == status, (instance, kid)
