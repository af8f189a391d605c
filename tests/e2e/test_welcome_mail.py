"""Registration through either API sends a welcome mail (and a verification mail), as
background work: the event is committed with the account, and the embedded worker hands the
mails to a real SMTP server."""

import asyncio

import pytest

from entrypoints.composition.container import Container
from tests.conftest import BACKENDS, container_on
from tests.e2e.client import PASSWORD
from tests.e2e.conftest import client_for
from tests.mail_server import Inbox, smtp_server

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
WELCOME, VERIFY = "Welcome to Folio", "Confirm your e-mail address for Folio"


async def test_v1_registration_sends_a_welcome_mail(mailing: Container, inbox: Inbox) -> None:
    async with client_for(mailing, "http://folio.test/api/v1") as http:
        response = await http.post(
            "/auth/register",
            json={"email": "Ada@Example.com", "username": "ada", "password": PASSWORD},
        )
        assert response.status_code == 201, response.text
        [mail] = await inbox.wait_for_titled(WELCOME)
        await inbox.wait_for(2)
    assert inbox.recipients == [["ada@example.com"]] * 2
    assert {m["Subject"] for m in inbox.messages} == {WELCOME, VERIFY}
    text = mail.get_body(("plain",))
    assert text is not None
    assert "Hello ada," in text.get_content()
    assert (await mailing.outbox_queue().stats()).pending == 0


async def test_conduit_registration_sends_a_welcome_mail(mailing: Container, inbox: Inbox) -> None:
    async with client_for(mailing, "http://folio.test/api") as http:
        response = await http.post(
            "/users",
            json={"user": {"email": "bob@example.com", "username": "bob", "password": PASSWORD}},
        )
        assert response.status_code == 201, response.text
        await inbox.wait_for_titled(WELCOME)
    assert inbox.recipients[0] == ["bob@example.com"]


async def test_a_refused_registration_sends_nothing(mailing: Container, inbox: Inbox) -> None:
    async with client_for(mailing, "http://folio.test/api/v1") as http:
        body = {"email": "ada@example.com", "username": "ada", "password": PASSWORD}
        assert (await http.post("/auth/register", json=body)).status_code == 201
        taken = {**body, "username": "ada2"}
        assert (await http.post("/auth/register", json=taken)).status_code == 409
        await inbox.wait_for(2)
        await http.get("/health/live")
    assert len(inbox.messages) == 2
    assert (await mailing.outbox_queue().stats()).pending == 0


async def test_mail_that_cannot_be_sent_waits_in_the_outbox_for_a_retry(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with smtp_server() as gone:
        port = gone.port  # nothing listens there any more
    async with (
        container_on(
            database_url, worker_embedded=True, smtp_url=f"smtp://127.0.0.1:{port}"
        ) as container,
        client_for(container, "http://folio.test/api/v1") as http,
    ):
        body = {"email": "ada@example.com", "username": "ada", "password": PASSWORD}
        assert (await http.post("/auth/register", json=body)).status_code == 201
        for _ in range(250):
            if any(r.message == "event_retry" for r in caplog.records):
                break
            await asyncio.sleep(0.02)
        stats = await container.outbox_queue().stats()
    [retry] = [r for r in caplog.records if r.message == "event_retry"]
    assert retry.handler == "send_welcome_mail"  # type: ignore[attr-defined]
    assert retry.kind == "UserRegistered"  # type: ignore[attr-defined]
    assert (stats.pending, stats.dead) == (1, 0)
