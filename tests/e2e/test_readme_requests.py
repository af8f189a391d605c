"""The shell blocks of the README and the docs (a first session, the API in five requests), run
as written by bash and curl against a real `folio serve`: pasted into a terminal, they work."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.served import folio_serve, server_environment

ROOT = Path(__file__).parents[2]
DOCUMENTED_ORIGIN = "http://127.0.0.1:8000"


def shell_block(document: str, heading: str) -> str:
    section = (ROOT / document).read_text().split(f"## {heading}\n", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert match, f"no shell block under {heading!r}"
    return match.group(1)


BASH = shutil.which("bash")
needs_bash_and_curl = pytest.mark.skipif(
    shutil.which("curl") is None or BASH is None, reason="needs bash and curl"
)


def run_block(block: str, base: str, environment: dict[str, str]) -> list[str]:
    """The block as bash runs it, against the server at `base`, with the documented
    `.venv/bin/folio` being this environment's; its output lines."""
    assert BASH is not None
    assert DOCUMENTED_ORIGIN in block
    folio = str(Path(sys.executable).parent / "folio")
    script = block.replace(DOCUMENTED_ORIGIN, base).replace(".venv/bin/folio", folio)
    result = subprocess.run(  # noqa: S603 - bash runs the documentation's own commands
        [BASH, "-e", "-o", "pipefail", "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@needs_bash_and_curl
def test_the_five_requests_run_as_written(tmp_path: Path) -> None:
    block = shell_block("docs/api.md", "The API in five requests")
    environment = server_environment(tmp_path)
    with folio_serve(environment) as base:
        lines = run_block(block, base, environment)
    registered, tokens, created, listed, refreshed = (json.loads(line) for line in lines)
    assert registered["username"] == "ada"
    assert tokens["token_type"] == "bearer"
    assert created["slug"] == "hello-folio"
    assert [post["slug"] for post in listed["items"]] == ["hello-folio"]
    assert refreshed["refresh_token"] != tokens["refresh_token"]


@needs_bash_and_curl
def test_the_first_session_resets_a_password_from_the_development_inbox(tmp_path: Path) -> None:
    block = shell_block("README.md", "A first session, start to finish")
    environment = server_environment(tmp_path, APP_ENV="development", WORKER_POLL_SECONDS="0.2")
    environment.pop("SMTP_URL", None)
    with folio_serve(environment) as base:
        registered, asked, confirmed, logged_in = run_block(block, base, environment)
    assert json.loads(registered)["username"] == "bea"
    assert (asked, confirmed) == ("202", "204")
    assert json.loads(logged_in)["token_type"] == "bearer"


@needs_bash_and_curl
def test_follows_the_feed_comments_and_an_admin_run_as_written(tmp_path: Path) -> None:
    block = shell_block("docs/api.md", "Follows, the feed, comments and an admin")
    environment = server_environment(tmp_path)
    with folio_serve(environment) as base:
        followed, feed, comment, comments, favorited, created, found, deactivated = run_block(
            block, base, environment
        )
    assert json.loads(followed)["following"] is True
    [post] = json.loads(feed)["items"]
    assert post["title"] == "Notes from cyd"
    assert json.loads(comment)["body"] == "Welcome!"
    assert [c["body"] for c in json.loads(comments)["items"]] == ["Welcome!"]
    assert json.loads(favorited)["favorites_count"] == 1
    assert created == "Created admin admin <admin@example.com>."
    assert [user["username"] for user in json.loads(found)["items"]] == ["dee"]
    assert json.loads(deactivated)["is_active"] is False


@needs_bash_and_curl
def test_conduit_by_example_runs_as_written(tmp_path: Path) -> None:
    block = shell_block("docs/conduit.md", "Conduit by example")
    environment = server_environment(tmp_path)
    with folio_serve(environment) as base:
        followed, feed, comment, favorited, listed = run_block(block, base, environment)
    assert json.loads(followed)["profile"]["following"] is True
    assert [a["title"] for a in json.loads(feed)["articles"]] == ["How to train your dragon"]
    assert json.loads(comment)["comment"]["body"] == "Thank you so much!"
    assert json.loads(favorited)["article"]["favoritesCount"] == 1
    assert json.loads(listed)["articlesCount"] == 1


@needs_bash_and_curl
def test_the_sessions_example_ends_the_phones_session(tmp_path: Path) -> None:
    block = shell_block("docs/api.md", "Sessions")
    environment = server_environment(tmp_path)
    with folio_serve(environment) as base:
        listed, ended, refused, others_ended = run_block(block, base, environment)
    sessions = json.loads(listed)["sessions"]
    assert [(s["label"], s["current"]) for s in sessions] == [
        ("Mobile Safari on iOS", False),
        ("Firefox on Ubuntu", True),
    ]
    assert (ended, refused, others_ended) == ("204", "401", "204")


@needs_bash_and_curl
def test_the_security_events_example_shows_the_failed_and_the_good_login(
    tmp_path: Path,
) -> None:
    block = shell_block("docs/api.md", "Security events")
    environment = server_environment(tmp_path)
    with folio_serve(environment) as base:
        refused, listed = run_block(block, base, environment)
    assert refused == "401"
    events = json.loads(listed)["items"]
    assert [e["kind"] for e in events] == ["login.succeeded", "login.failed"]
    assert events[1]["details"]["reason"] == "wrong_credentials"


@needs_bash_and_curl
def test_the_two_factor_example_logs_in_with_a_code(tmp_path: Path) -> None:
    block = shell_block("docs/api.md", "Two-factor")
    environment = server_environment(tmp_path)
    with folio_serve(environment) as base:
        recovery_code, signed_in = run_block(block, base, environment)
    assert len(recovery_code) == 11
    assert recovery_code[5] == "-"
    assert json.loads(signed_in)["token_type"] == "bearer"


def test_the_live_updates_example_hears_a_new_follower(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "live-updates.md").read_text()
    match = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert match, "no Python example in docs/live-updates.md"
    environment = server_environment(tmp_path)
    with folio_serve(environment) as base:
        result = subprocess.run(  # noqa: S603 - Python runs the documentation's own example
            [sys.executable, "-c", match.group(1).replace(DOCUMENTED_ORIGIN, base)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    ready, subscribed, heard = result.stdout.splitlines()
    assert (ready, subscribed) == ("ready", "subscribed")
    assert "'type': 'follower.added'" in heard
    assert "'username': 'hal'" in heard


@needs_bash_and_curl
def test_the_signing_keys_example_publishes_a_second_key(tmp_path: Path) -> None:
    block = shell_block("docs/api.md", "Signing keys")
    environment = server_environment(tmp_path)
    with folio_serve(environment) as base:
        first, issuer, added, promotable, both, header, *keys = run_block(block, base, environment)
    assert issuer == "folio"
    kid = added.split()[2].rstrip(":")
    assert promotable.endswith(f"folio keys promote {kid}")
    assert both.split() == [first, kid]
    assert header.split()[:2] == ["KID", "STATE"]
    assert [line.split()[:2] for line in keys] == [[first, "active"], [kid, "next"]]
    assert "promote from" in keys[1]
