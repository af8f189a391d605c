"""ERR-07: no log line carries a password, a password hash, an access, refresh, reset or
verification token, an e-mail address or a SQL parameter. Known secrets are planted through
every flow that handles them, failures included, and the log lines (as the production JSON
handler writes them, SQL statement logging switched on) are searched for them."""

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from dependency_injector import providers
from sqlalchemy import text

from entrypoints.composition.container import Container
from entrypoints.host.app import create_app
from entrypoints.web.logging import json_handler
from tests.conftest import BACKENDS
from tests.e2e.client import bearer
from tests.e2e.conftest import client_for, mailing_container
from tests.mail_server import Inbox

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
EMAIL, PASSWORD = "planted.secret.mailbox@example.com", "planted-secret-password-1"
NEW_PASSWORD = "planted-secret-password-2"


class CapturedLines(logging.Handler):
    """Every line the service writes; the test's own peers (the SMTP server it runs, the HTTP
    client) are not the service and are left out."""

    PEERS = ("mail.log", "httpx", "httpcore")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        production = json_handler()
        self.setFormatter(production.formatter)
        for log_filter in production.filters:
            self.addFilter(log_filter)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(self.PEERS):
            self.lines.append(self.format(record))


@pytest.fixture
def captured() -> Iterator[CapturedLines]:
    handler, root = CapturedLines(), logging.getLogger()
    level, engine_level = root.level, logging.getLogger("sqlalchemy.engine").level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # statements are logged too
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("sqlalchemy.engine").setLevel(engine_level)


@pytest.fixture
async def planted(database_url: str, inbox: Inbox) -> AsyncIterator[Container]:
    async with mailing_container(database_url, inbox) as container:
        yield container


class FailingWithSecrets:
    """A use case that fails the way real code can: with secrets in its exception."""

    def __init__(self, container: Container) -> None:
        self._container = container

    async def __call__(self, *args: Any) -> None:
        if self._container.settings().storage_backend == "sql":
            async with self._container.engine().connect() as conn:
                await conn.execute(text("SELECT * FROM no_such_table WHERE x = :v"), {"v": EMAIL})
        raise RuntimeError(f"{EMAIL} {PASSWORD}")


def token_in(inbox: Inbox, subject: str) -> str:
    [mail] = inbox.titled(subject)
    body = mail.get_body(("plain",))
    assert body is not None
    found = re.search(r"#token=([A-Za-z0-9_-]+)", body.get_content())
    assert found
    return found.group(1)


async def test_err07_no_secret_reaches_a_log_line(
    planted: Container, inbox: Inbox, captured: CapturedLines
) -> None:
    secrets = [EMAIL, PASSWORD, NEW_PASSWORD, "planted.secret.mailbox"]
    async with client_for(planted, "http://folio.test/api/v1") as http:
        account = {"email": EMAIL, "username": "ada", "password": PASSWORD}
        assert (await http.post("/auth/register", json=account)).status_code == 201
        assert (await http.post("/auth/register", json=account)).status_code == 409
        wrong = {"login": EMAIL, "password": NEW_PASSWORD}
        assert (await http.post("/auth/login", json=wrong)).status_code == 401
        tokens = (
            await http.post("/auth/login", json={"login": EMAIL, "password": PASSWORD})
        ).json()
        refreshed = await http.post(
            "/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        reused = await http.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert (refreshed.status_code, reused.status_code) == (200, 401)
        assert (await http.post("/auth/password-reset", json={"email": EMAIL})).status_code == 202
        await inbox.wait_for_titled("Reset your Folio password")
        await inbox.wait_for_titled("Confirm your e-mail address for Folio")
        reset_token = token_in(inbox, "Reset your Folio password")
        verify_token = token_in(inbox, "Confirm your e-mail address for Folio")
        confirm = {"token": reset_token, "new_password": NEW_PASSWORD}
        assert (await http.post("/auth/password-reset/confirm", json=confirm)).status_code == 204
        assert (
            await http.post("/auth/verify-email", json={"token": verify_token})
        ).status_code == 204
        # The reset ended every session: a new one, with the new password.
        after_reset = await http.post(
            "/auth/login", json={"login": EMAIL, "password": NEW_PASSWORD}
        )
        planted.update_own_account.override(providers.Object(FailingWithSecrets(planted)))
        failed = await http.patch(
            "/users/me", json={"bio": "x"}, headers=bearer(after_reset.json()["access_token"])
        )
        assert failed.status_code == 500
        async with planted.unit_of_work() as uow:
            user = await uow.users.by_email(EMAIL)
            assert user is not None
            secrets += [user.password_hash, user.password_hash.rsplit("$", 1)[-1]]
    secrets += [
        tokens["access_token"],
        tokens["refresh_token"],
        refreshed.json()["access_token"],
        refreshed.json()["refresh_token"],
        reset_token,
        verify_token,
    ]
    logged = "\n".join(captured.lines)
    assert "unhandled_error" in logged  # the failures were logged, and are in what is searched
    assert "login_failed" in logged
    leaked = [secret for secret in secrets if secret in logged]
    assert leaked == []


class Exploding:
    async def __call__(self, *args: Any) -> None:
        raise RuntimeError("never past the app")


async def test_err07_an_unexpected_error_stops_in_the_app_and_never_reaches_the_server(
    container: Container,
) -> None:
    """The server (uvicorn) would dump the traceback and drop the connection; an ASGI
    transport that re-raises what the app lets out stands in for it."""
    container.list_tags.override(providers.Object(Exploding()))
    app = create_app(container)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app, raise_app_exceptions=True)
        async with httpx.AsyncClient(transport=transport, base_url="http://folio.test") as http:
            v1 = await http.get("/api/v1/tags")
            conduit = await http.get("/api/tags")
            after = await http.get("/api/v1/health/live")
    assert (v1.status_code, v1.headers["content-type"]) == (500, "application/problem+json")
    assert conduit.status_code == 500
    assert conduit.json() == {"errors": {"server": ["unexpected error"]}}
    assert after.status_code == 200
