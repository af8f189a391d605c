"""The real thing: `folio serve` in its own process, spoken to over a loopback socket."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.mail_server import Inbox, smtp_server
from tests.served import folio_serve, server_environment


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture
def server(tmp_path: Path, inbox: Inbox) -> Iterator[str]:
    with folio_serve(
        server_environment(tmp_path, SMTP_URL=f"smtp://127.0.0.1:{inbox.port}")
    ) as base:
        yield base


async def test_folio_serve_on_sqlite_mails_in_the_background_with_nothing_else_running(
    server: str, inbox: Inbox
) -> None:
    async with httpx.AsyncClient() as client:
        registered = await client.post(
            f"{server}/api/v1/auth/register",
            json={"email": "ada@example.com", "username": "ada", "password": "password123"},
        )
    assert registered.status_code == 201
    [welcome] = await inbox.wait_for_titled("Welcome to Folio")
    assert welcome["To"] == "ada@example.com"


def test_folio_serve_answers_over_http(server: str) -> None:
    with httpx.Client(base_url=f"{server}/api/v1") as client:
        registered = client.post(
            "/auth/register",
            json={"email": "ada@example.com", "username": "ada", "password": "password123"},
        )
        assert registered.status_code == 201
        tokens = client.post("/auth/login", json={"login": "ada", "password": "password123"}).json()
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        created = client.post("/posts", json={"title": "Live", "body": "Over TCP"}, headers=headers)
        assert created.status_code == 201
        assert client.get("/posts/live").json()["body"] == "Over TCP"
        live = client.get("/health/live")
        assert "server" not in live.headers  # no version banner
        assert live.headers["x-request-id"]
    assert httpx.get(f"{server}/docs").status_code == 200
