"""Password reset and address verification end to end: HTTP in, a real SMTP server out,
the token read from the mail as a person would."""

import re
from collections.abc import AsyncIterator
from email.message import EmailMessage

import httpx
import pytest
from sqlalchemy import select

from adapters.sqlalchemy.tables import one_time_tokens
from application.single_use_tokens import hash_token
from entrypoints.composition.container import Container
from tests.conftest import BACKENDS
from tests.e2e.client import PASSWORD, bearer
from tests.e2e.conftest import client_for, mailing_container
from tests.mail_server import Inbox

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
RESET, VERIFY = "Reset your Folio password", "Confirm your e-mail address for Folio"
NEW_PASSWORD = "a brand new password"


@pytest.fixture
async def http(mailing: Container) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(mailing, "http://folio.test/api/v1") as client:
        yield client


def token_in(mail: EmailMessage) -> str:
    text = mail.get_body(("plain",))
    assert text is not None
    found = re.search(r"#token=([A-Za-z0-9_-]+)", text.get_content())
    assert found, text.get_content()
    return found.group(1)


async def register(http: httpx.AsyncClient, name: str) -> dict[str, str]:
    body = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
    assert (await http.post("/auth/register", json=body)).status_code == 201
    response = await http.post("/auth/login", json={"login": name, "password": PASSWORD})
    return dict(response.json())


async def drained(container: Container) -> None:
    import asyncio

    for _ in range(500):
        if (await container.outbox_queue().stats()).pending == 0:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the outbox did not drain")


async def test_a_reset_mail_sets_a_new_password_once_and_ends_every_session(
    http: httpx.AsyncClient, inbox: Inbox, mailing: Container
) -> None:
    tokens = await register(http, "ada")
    response = await http.post("/auth/password-reset", json={"email": "ADA@example.com"})
    assert (response.status_code, response.content) == (202, b"")
    [mail] = await inbox.wait_for_titled(RESET)
    assert mail["To"] == "ada@example.com"
    token = token_in(mail)

    confirm = {"token": token, "new_password": NEW_PASSWORD}
    assert (await http.post("/auth/password-reset/confirm", json=confirm)).status_code == 204
    old = await http.post("/auth/login", json={"login": "ada", "password": PASSWORD})
    assert old.status_code == 401
    new = await http.post("/auth/login", json={"login": "ada", "password": NEW_PASSWORD})
    assert new.status_code == 200
    refresh = {"refresh_token": tokens["refresh_token"]}
    assert (await http.post("/auth/refresh", json=refresh)).status_code == 401

    again = await http.post("/auth/password-reset/confirm", json=confirm)
    assert again.status_code == 400
    assert again.json()["type"] == "urn:folio:problem:invalid-token:password_reset"


async def test_an_address_without_an_account_gets_the_same_answer_and_no_mail(
    http: httpx.AsyncClient, inbox: Inbox, mailing: Container
) -> None:
    await register(http, "ada")
    known = await http.post("/auth/password-reset", json={"email": "ada@example.com"})
    unknown = await http.post("/auth/password-reset", json={"email": "nobody@example.com"})
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)
    assert known.headers.keys() - {"x-request-id"} == unknown.headers.keys() - {"x-request-id"}
    await drained(mailing)
    assert [m["To"] for m in inbox.titled(RESET)] == ["ada@example.com"]
    malformed = await http.post("/auth/password-reset", json={"email": "not an address"})
    assert malformed.status_code == 422


async def test_an_account_gets_at_most_three_reset_mails_an_hour(
    http: httpx.AsyncClient, inbox: Inbox, mailing: Container
) -> None:
    await register(http, "ada")
    for _ in range(5):
        response = await http.post("/auth/password-reset", json={"email": "ada@example.com"})
        assert response.status_code == 202
    await drained(mailing)
    assert len(inbox.titled(RESET)) == 3


async def test_an_account_gets_at_most_five_verification_mails_an_hour_to_any_address(
    http: httpx.AsyncClient, inbox: Inbox, mailing: Container
) -> None:
    """Asking again and again, even right after moving to a new address, mails at most the
    hourly cap (the sign-up's mail included): the endpoint cannot flood a mailbox."""
    tokens = await register(http, "ada")
    headers = bearer(tokens["access_token"])
    for _ in range(3):
        assert (await http.post("/auth/verify-email/request", headers=headers)).status_code == 202
    change = {"email": "victim@example.com", "current_password": PASSWORD}
    assert (await http.patch("/users/me", json=change, headers=headers)).status_code == 200
    for _ in range(10):
        assert (await http.post("/auth/verify-email/request", headers=headers)).status_code == 202
    await drained(mailing)
    assert len(inbox.titled(VERIFY)) == 5


async def test_a_reset_token_mailed_to_a_former_address_confirms_nothing(
    http: httpx.AsyncClient, inbox: Inbox
) -> None:
    """The account moved to another address after the mail went out: whoever reads the old
    mailbox cannot take the account over."""
    tokens = await register(http, "ada")
    await http.post("/auth/password-reset", json={"email": "ada@example.com"})
    [mail] = await inbox.wait_for_titled(RESET)
    change = {"email": "ada.new@example.com", "current_password": PASSWORD}
    moved = await http.patch("/users/me", json=change, headers=bearer(tokens["access_token"]))
    assert moved.status_code == 200
    confirm = {"token": token_in(mail), "new_password": NEW_PASSWORD}
    refused = await http.post("/auth/password-reset/confirm", json=confirm)
    assert refused.status_code == 400
    assert refused.json()["type"] == "urn:folio:problem:invalid-token:password_reset"
    login = await http.post("/auth/login", json={"login": "ada", "password": PASSWORD})
    assert login.status_code == 200


async def test_reset_and_verification_tokens_are_stored_only_as_hashes(
    http: httpx.AsyncClient, inbox: Inbox, mailing: Container
) -> None:
    await register(http, "ada")
    await http.post("/auth/password-reset", json={"email": "ada@example.com"})
    mailed = [token_in(m) for m in await inbox.wait_for_titled(VERIFY)]
    mailed += [token_in(m) for m in await inbox.wait_for_titled(RESET)]
    stored = await stored_token_fields(mailing)
    for token in mailed:
        assert hash_token(token) in stored
        assert not any(token in value for value in stored)


async def stored_token_fields(container: Container) -> set[str]:
    """Every text value of every stored single-use token, on whichever backend."""
    if container.settings().storage_backend == "memory":
        tokens = container.memory_store().one_time_tokens.values()
        return {str(value) for token in tokens for value in vars(token).values()}
    async with container.engine().connect() as conn:
        rows = (await conn.execute(select(one_time_tokens))).all()
    return {str(value) for row in rows for value in row}


async def test_changing_the_password_voids_a_mailed_reset_token(
    http: httpx.AsyncClient, inbox: Inbox
) -> None:
    tokens = await register(http, "ada")
    await http.post("/auth/password-reset", json={"email": "ada@example.com"})
    [mail] = await inbox.wait_for_titled(RESET)
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    changed = await http.put(
        "/users/me/password", json=change, headers=bearer(tokens["access_token"])
    )
    assert changed.status_code == 204
    confirm = {"token": token_in(mail), "new_password": "yet another password"}
    response = await http.post("/auth/password-reset/confirm", json=confirm)
    assert response.status_code == 400


@pytest.mark.parametrize("token", ["x", "A" * 43, "A" * 256])
async def test_unknown_reset_tokens_are_a_400_problem(http: httpx.AsyncClient, token: str) -> None:
    confirm = {"token": token, "new_password": NEW_PASSWORD}
    response = await http.post("/auth/password-reset/confirm", json=confirm)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


async def test_registration_mails_a_verification_token_that_confirms_the_address(
    http: httpx.AsyncClient, inbox: Inbox
) -> None:
    tokens = await register(http, "ada")
    me = await http.get("/users/me", headers=bearer(tokens["access_token"]))
    assert me.json()["email_verified"] is False
    [mail] = await inbox.wait_for_titled(VERIFY)
    token = token_in(mail)

    assert (await http.post("/auth/verify-email", json={"token": token})).status_code == 204
    me = await http.get("/users/me", headers=bearer(tokens["access_token"]))
    assert me.json()["email_verified"] is True
    reused = await http.post("/auth/verify-email", json={"token": token})
    assert reused.status_code == 400
    assert reused.json()["type"] == "urn:folio:problem:invalid-token:email_verification"


async def test_a_new_address_is_unverified_until_its_own_mail_is_followed(
    http: httpx.AsyncClient, inbox: Inbox
) -> None:
    tokens = await register(http, "ada")
    headers = bearer(tokens["access_token"])
    [first] = await inbox.wait_for_titled(VERIFY)
    change = {"email": "ada@new.example", "current_password": PASSWORD}
    assert (await http.patch("/users/me", json=change, headers=headers)).status_code == 200
    mails = await inbox.wait_for_titled(VERIFY, count=2)
    assert mails[1]["To"] == "ada@new.example"
    stale = await http.post("/auth/verify-email", json={"token": token_in(first)})
    assert stale.status_code == 400  # mailed to the address the account has left
    fresh = await http.post("/auth/verify-email", json={"token": token_in(mails[1])})
    assert fresh.status_code == 204
    assert (await http.get("/users/me", headers=headers)).json()["email_verified"] is True


async def test_require_verified_email_holds_writing_until_the_address_is_confirmed(
    database_url: str, inbox: Inbox
) -> None:
    async with (
        mailing_container(database_url, inbox, require_verified_email=True) as container,
        client_for(container, "http://folio.test/api/v1") as http,
    ):
        headers = bearer((await register(http, "ada"))["access_token"])
        post = {"title": "Hello", "body": "World"}
        refused = await http.post("/posts", json=post, headers=headers)
        assert refused.status_code == 403
        assert refused.json()["type"] == "urn:folio:problem:email-not-verified"

        again = await http.post("/auth/verify-email/request", headers=headers)
        assert again.status_code == 202
        mails = await inbox.wait_for_titled(VERIFY, count=2)
        verify = {"token": token_in(mails[-1])}
        assert (await http.post("/auth/verify-email", json=verify)).status_code == 204
        assert (await http.post("/posts", json=post, headers=headers)).status_code == 201
