"""Mail a developer can read with nothing installed: in development, without SMTP_URL, sent
mail is kept (GET /api/v1/dev/mail, `folio mail list`) and its links open pages that exist."""

import asyncio
import re
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import httpx
import pytest

from entrypoints.cli.main import main
from tests.e2e.client import PASSWORD
from tests.e2e.conftest import client_for
from tests.support import build_container, settings_for_tests

NEW_PASSWORD = "a brand new password"


def development(
    data_dir: Path, **overrides: object
) -> AbstractAsyncContextManager[httpx.AsyncClient]:
    """A development server's client (no SMTP_URL unless overridden), its data in `data_dir`."""
    chosen: dict[str, object] = {
        "app_env": "development",
        "data_dir": data_dir,
        "worker_embedded": True,
        "worker_poll_seconds": 0.1,
        **overrides,
    }
    settings = settings_for_tests("memory://", **chosen)
    return client_for(build_container(settings), "http://127.0.0.1")


async def mail_to(http: httpx.AsyncClient, address: str, subject: str) -> dict[str, str]:
    for _ in range(200):
        response = await http.get("/api/v1/dev/mail", params={"to": address})
        assert response.status_code == 200, response.text
        for mail in response.json()["items"]:
            if mail["subject"] == subject:
                return dict(mail)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no mail {subject!r} to {address}")


async def test_the_reset_token_read_from_the_development_inbox_completes_a_reset(
    tmp_path: Path,
) -> None:
    async with development(tmp_path) as http:
        body = {"email": "ada@example.com", "username": "ada", "password": PASSWORD}
        assert (await http.post("/api/v1/auth/register", json=body)).status_code == 201
        asked = await http.post("/api/v1/auth/password-reset", json={"email": "ada@example.com"})
        assert asked.status_code == 202

        mail = await mail_to(http, "ada@example.com", "Reset your Folio password")
        link = re.search(r"(http://\S+)#token=([A-Za-z0-9_-]+)", mail["text"])
        assert link, mail["text"]
        page = await http.get(link[1])  # the page the link opens exists, and its script
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        for asset in re.findall(r'(?:src|href)="(/pages/[^"]+)"', page.text):
            assert (await http.get(asset)).status_code == 200, asset

        confirm = {"token": link[2], "new_password": NEW_PASSWORD}
        reset = await http.post("/api/v1/auth/password-reset/confirm", json=confirm)
        assert reset.status_code == 204
        login = {"login": "ada", "password": NEW_PASSWORD}
        assert (await http.post("/api/v1/auth/login", json=login)).status_code == 200

        verification = await mail_to(
            http, "ada@example.com", "Confirm your e-mail address for Folio"
        )
        verify_link = re.search(r"(http://\S+)#token=", verification["text"])
        assert verify_link
        assert (await http.get(verify_link[1])).status_code == 200


async def test_the_command_line_reads_the_same_inbox(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async with development(tmp_path) as http:
        body = {"email": "bob@example.com", "username": "bob", "password": PASSWORD}
        assert (await http.post("/api/v1/auth/register", json=body)).status_code == 201
        await mail_to(http, "bob@example.com", "Welcome to Folio")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SMTP_URL", raising=False)
    command = ["mail", "list", "--to", "bob@example.com", "--limit", "10"]
    assert await asyncio.to_thread(main, command) == 0  # it runs an event loop of its own
    printed = capsys.readouterr().out
    assert "To: bob@example.com\nSubject: Welcome to Folio\n" in printed
    assert "To: bob@example.com\nSubject: Confirm your e-mail address for Folio\n" in printed
    assert re.search(r"#token=[A-Za-z0-9_-]{20,}", printed)


@pytest.mark.parametrize(
    "environment", [{"app_env": "production"}, {"smtp_url": "smtp://127.0.0.1:1"}]
)
async def test_there_is_no_inbox_outside_development_or_with_a_mail_server(
    tmp_path: Path, environment: dict[str, str]
) -> None:
    async with development(tmp_path, **environment) as http:
        assert (await http.get("/api/v1/dev/mail")).status_code == 404
