"""AUTH-06: logins, sign-ups, refreshes and reset requests are throttled per client address,
failed logins per account and address, on both APIs and every backend; with REDIS_URL, the
instances share the counts."""

import asyncio
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest
from asgi_lifespan import LifespanManager

from entrypoints.composition.container import Container
from entrypoints.host.app import create_app
from tests.conftest import BACKENDS, container_on
from tests.e2e.client import PASSWORD
from tests.support import redis_url

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
ATTACKER, OWNER = "203.0.113.66", "198.51.100.7"
Clients = Callable[[str], AbstractAsyncContextManager[httpx.AsyncClient]]


@asynccontextmanager
async def served(container: Container) -> AsyncIterator[Clients]:
    """The app, and clients of it from any address."""
    app = create_app(container)
    async with LifespanManager(app) as manager:

        @asynccontextmanager
        async def client(address: str) -> AsyncIterator[httpx.AsyncClient]:
            transport = httpx.ASGITransport(app=manager.app, client=(address, 40_000))
            async with httpx.AsyncClient(transport=transport, base_url="http://folio.test") as c:
                yield c

        yield client


async def register(http: httpx.AsyncClient, name: str) -> None:
    account = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
    assert (await http.post("/api/v1/auth/register", json=account)).status_code == 201


async def log_in(http: httpx.AsyncClient, name: str, password: str) -> httpx.Response:
    return await http.post("/api/v1/auth/login", json={"login": name, "password": password})


async def test_auth06_guessing_one_password_is_throttled_without_locking_the_owner_out(
    database_url: str,
) -> None:
    async with (
        container_on(database_url) as container,
        served(container) as client,
        client(ATTACKER) as attacker,
        client(OWNER) as owner,
    ):
        await register(owner, "ada")
        for _ in range(10):
            assert (await log_in(attacker, "ada", "a wrong guess")).status_code == 401
        refused = await log_in(attacker, "ada", PASSWORD)  # even the right one, now
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert 0 < int(refused.headers["retry-after"]) <= 15 * 60
        assert (await log_in(owner, "ada", PASSWORD)).status_code == 200  # from their address
        conduit = await attacker.post(
            "/api/users/login", json={"user": {"email": "ada@example.com", "password": "x"}}
        )
        assert conduit.status_code in (401, 422)  # another spelling of the account: its own key


async def test_auth06_a_successful_login_clears_the_accounts_failures(database_url: str) -> None:
    async with (
        container_on(database_url) as container,
        served(container) as client,
        client(OWNER) as owner,
    ):
        await register(owner, "ada")
        for _ in range(2):
            for _ in range(9):
                assert (await log_in(owner, "ada", "typo typo")).status_code == 401
            assert (await log_in(owner, "ada", PASSWORD)).status_code == 200


async def test_auth06_one_address_is_throttled_across_accounts_and_endpoints(
    database_url: str,
) -> None:
    async with (
        container_on(
            database_url,
            throttle_logins_per_address="5/minute",
            throttle_registrations_per_address="2/hour",
            throttle_refreshes_per_address="3/minute",
            throttle_password_resets_per_address="2/hour",
            throttle_reset_confirmations_per_address="2/hour",
            throttle_verification_requests_per_address="2/hour",
        ) as container,
        served(container) as client,
        client(ATTACKER) as attacker,
        client(OWNER) as owner,
    ):
        await register(attacker, "ada")
        await register(attacker, "bob")
        account = {"email": "eve@example.com", "username": "eve", "password": PASSWORD}
        assert (await attacker.post("/api/v1/auth/register", json=account)).status_code == 429
        conduit = {"user": account}
        assert (await attacker.post("/api/users", json=conduit)).status_code == 429
        statuses = [(await log_in(attacker, f"user{n}", "x" * 8)).status_code for n in range(6)]
        assert statuses == [401] * 5 + [429]
        assert (await log_in(owner, "ada", PASSWORD)).status_code == 200
        for expected in (401, 401, 401, 429):
            refresh = await attacker.post("/api/v1/auth/refresh", json={"refresh_token": "x"})
            assert refresh.status_code == expected
        for expected in (202, 202, 429):
            reset = await attacker.post(
                "/api/v1/auth/password-reset", json={"email": "ada@example.com"}
            )
            assert reset.status_code == expected
        for expected in (400, 400, 429):
            bogus = {"token": secrets.token_urlsafe(32), "new_password": "a new password"}
            confirm = await attacker.post("/api/v1/auth/password-reset/confirm", json=bogus)
            assert confirm.status_code == expected
        signed_in = (await log_in(owner, "bob", PASSWORD)).json()
        bob = {"Authorization": f"Bearer {signed_in['access_token']}"}
        for expected in (202, 202, 429):
            mail = await attacker.post("/api/v1/auth/verify-email/request", headers=bob)
            assert mail.status_code == expected


async def test_auth06_instances_sharing_redis_share_the_counts(database_url: str) -> None:
    shared = {"redis_url": redis_url(), "throttle_key_prefix": f"folio-test-{secrets.token_hex(4)}"}
    async with (
        container_on(database_url, **shared) as first_instance,
        container_on(database_url, **shared) as second_instance,
        served(first_instance) as first,
        first(ATTACKER) as via_first,
        first(OWNER) as owner,
    ):
        await register(owner, "ada")
        for _ in range(10):
            assert (await log_in(via_first, "ada", "a wrong guess")).status_code == 401
        async with served(second_instance) as second, second(ATTACKER) as via_second:
            assert (await log_in(via_second, "ada", PASSWORD)).status_code == 429


async def test_auth06_every_spelling_of_one_address_shares_the_accounts_budget(
    database_url: str,
) -> None:
    """Fullwidth letters and a Unicode domain find the same account as the plain address:
    they count against the same budget."""
    async with (
        container_on(database_url) as container,
        served(container) as client,
        client(ATTACKER) as attacker,
        client(OWNER) as owner,
    ):
        await register(owner, "ada")
        spellings = [
            "ada@example.com",
            f"{fullwidth('ADA')}@example.com",
            f"Ada@{fullwidth('example')}.com",
            " ada@example.com.",
        ]
        for n in range(10):
            guess = await log_in(attacker, spellings[n % len(spellings)], "a wrong guess")
            assert guess.status_code == 401
        for spelling in spellings:
            assert (await log_in(attacker, spelling, PASSWORD)).status_code == 429


def fullwidth(text: str) -> str:
    """ASCII letters as their fullwidth forms (U+FF21 and on), which NFKC folds back."""
    return "".join(chr(ord(letter) + 0xFEE0) for letter in text)


async def test_auth06_concurrent_guesses_are_counted_before_any_is_checked(
    database_url: str,
) -> None:
    async with (
        container_on(database_url) as container,
        served(container) as client,
        client(ATTACKER) as attacker,
        client(OWNER) as owner,
    ):
        await register(owner, "ada")
        responses = await asyncio.gather(
            *(log_in(attacker, "ada", f"guess number {n}") for n in range(40))
        )
        assert sorted(r.status_code for r in responses) == [401] * 10 + [429] * 30


async def test_auth06_guessing_the_current_password_with_a_session_is_throttled(
    database_url: str,
) -> None:
    """A stolen access token gives no more guesses than a login: changing the password or the
    e-mail address checks the current one, counted per account; a right one clears the count."""
    async with (
        container_on(database_url) as container,
        served(container) as client,
        client(ATTACKER) as attacker,
    ):
        await register(attacker, "ada")
        signed_in = (await log_in(attacker, "ada", PASSWORD)).json()
        ada = {"Authorization": f"Bearer {signed_in['access_token']}"}

        async def change_email(current: str) -> int:
            body = {"email": "ada2@example.com", "current_password": current}
            response = await attacker.patch("/api/v1/users/me", json=body, headers=ada)
            return response.status_code

        async def change_password(current: str) -> int:
            body = {"current_password": current, "new_password": "another password"}
            response = await attacker.put("/api/v1/users/me/password", json=body, headers=ada)
            return response.status_code

        assert [await change_email("a wrong guess") for _ in range(5)] == [403] * 5
        assert await change_email(PASSWORD) == 200  # right: the count starts again
        assert [await change_password("a wrong guess") for _ in range(10)] == [403] * 10
        assert await change_password(PASSWORD) == 429
        bio = await attacker.patch("/api/v1/users/me", json={"bio": "hi"}, headers=ada)
        assert bio.status_code == 200  # no password checked, nothing counted
