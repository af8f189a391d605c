"""Getting started's "Using PostgreSQL" block, run by bash as written, with the test server's
PostgreSQL in place of the compose one: the schema is migrated, the worker started beside the
server does the server's background work (a welcome mail reaches the development inbox)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.databases import create_postgres_database, drop_postgres_database, run_sync
from tests.e2e.test_readme_requests import BASH, ROOT, shell_block
from tests.support import TEST_SECRET, free_port

COMPOSE_DATABASE = "postgresql://folio:folio@127.0.0.1:5432/folio"


@pytest.mark.skipif(BASH is None, reason="needs bash")
def test_the_postgresql_block_serves_with_a_worker(tmp_path: Path) -> None:
    assert BASH is not None
    block = shell_block("docs/getting-started.md", "Using PostgreSQL")
    assert block.startswith("docker compose up -d db\n")
    assert COMPOSE_DATABASE in block
    database = run_sync(create_postgres_database(migrate=False))
    script = block.replace("docker compose up -d db\n", "").replace(COMPOSE_DATABASE, database)
    port = free_port()
    environment = {
        **os.environ,
        "VENV": sys.prefix,  # the Makefile's virtualenv: the one running the tests
        "PORT": str(port),
        "APP_ENV": "development",
        "DATA_DIR": str(tmp_path),
        "JWT_SECRET": TEST_SECRET,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8",
        "ARGON2_PARALLELISM": "1",
        "WORKER_POLL_SECONDS": "0.2",
    }
    environment.pop("SMTP_URL", None)
    folio = str(Path(sys.executable).parent / "folio")
    with (tmp_path / "block.log").open("w") as log:
        shell = subprocess.Popen(  # noqa: S603 - bash runs the documentation's own commands
            [BASH, "-e", "-c", script.replace(".venv/bin/folio", folio)],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # the server and the worker it starts, stopped together
        )
        try:
            base = f"http://127.0.0.1:{port}/api/v1"
            ready = _ready(base, shell, seconds=90)
            assert ready == {"status": "ok", "waiting_seconds": None}, (
                tmp_path / "block.log"
            ).read_text()
            body = {"email": "ivy@example.com", "username": "ivy", "password": "a long password"}
            assert httpx.post(f"{base}/auth/register", json=body).status_code == 201
            assert _welcome_mail_arrives(base, seconds=30)
        finally:
            os.killpg(shell.pid, signal.SIGTERM)
            shell.wait(timeout=30)
            run_sync(drop_postgres_database(database))


def _ready(base: str, shell: subprocess.Popen[bytes], seconds: float) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert shell.poll() is None, "the block ended before it served"
        try:
            response = httpx.get(f"{base}/health/ready")
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        if response.status_code == 200:
            return response.json()["background_work"]
        time.sleep(0.2)
    raise AssertionError("the server never became ready")


def _welcome_mail_arrives(base: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        mails = httpx.get(f"{base}/dev/mail", params={"to": "ivy@example.com"}).json()["items"]
        if any(mail["subject"] == "Welcome to Folio" for mail in mails):
            return True
        time.sleep(0.2)
    return False
