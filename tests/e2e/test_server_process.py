"""The real thing: `folio serve` in its own process, spoken to over a loopback socket."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.mail_server import Inbox, smtp_server
from tests.support import TEST_SECRET

STARTUP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture
def server(tmp_path: Path, inbox: Inbox) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/folio.db",
        "DATA_DIR": str(tmp_path),
        "JWT_SECRET": TEST_SECRET,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8",
        "ARGON2_PARALLELISM": "1",
        "SMTP_URL": f"smtp://127.0.0.1:{inbox.port}",
    }
    folio = Path(sys.executable).parent / "folio"
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [str(folio), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health/ready").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"folio serve did not come up:\n{output}")
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


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
