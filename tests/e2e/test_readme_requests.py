"""The README's shell blocks (the five requests, a first session), run as written by bash and
curl against a real `folio serve`: pasted into a terminal, they work."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.served import folio_serve, server_environment

README = Path(__file__).parents[2] / "README.md"
DOCUMENTED_ORIGIN = "http://127.0.0.1:8000"


def readme_block(heading: str) -> str:
    section = README.read_text().split(f"## {heading}\n", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert match, f"no shell block under {heading!r}"
    return match.group(1)


BASH = shutil.which("bash")


@pytest.mark.skipif(shutil.which("curl") is None or BASH is None, reason="needs bash and curl")
def test_the_five_requests_run_as_written(tmp_path: Path) -> None:
    assert BASH is not None
    block = readme_block("The API in five requests")
    assert DOCUMENTED_ORIGIN in block
    with folio_serve(server_environment(tmp_path)) as base:
        result = subprocess.run(  # noqa: S603 - bash runs the README's own commands
            [BASH, "-e", "-o", "pipefail", "-c", block.replace(DOCUMENTED_ORIGIN, base)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    registered, tokens, created, listed, refreshed = (
        json.loads(line) for line in result.stdout.splitlines()
    )
    assert registered["username"] == "ada"
    assert tokens["token_type"] == "bearer"
    assert created["slug"] == "hello-folio"
    assert [post["slug"] for post in listed["items"]] == ["hello-folio"]
    assert refreshed["refresh_token"] != tokens["refresh_token"]


@pytest.mark.skipif(shutil.which("curl") is None or BASH is None, reason="needs bash and curl")
def test_the_first_session_resets_a_password_from_the_development_inbox(tmp_path: Path) -> None:
    assert BASH is not None
    block = readme_block("A first session, start to finish")
    assert DOCUMENTED_ORIGIN in block
    environment = server_environment(tmp_path, APP_ENV="development", WORKER_POLL_SECONDS="0.2")
    environment.pop("SMTP_URL", None)
    with folio_serve(environment) as base:
        result = subprocess.run(  # noqa: S603 - bash runs the README's own commands
            [BASH, "-e", "-o", "pipefail", "-c", block.replace(DOCUMENTED_ORIGIN, base)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    registered, asked, confirmed, logged_in = result.stdout.splitlines()
    assert json.loads(registered)["username"] == "bea"
    assert (asked, confirmed) == ("202", "204")
    assert json.loads(logged_in)["token_type"] == "bearer"
