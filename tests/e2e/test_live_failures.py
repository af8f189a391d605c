"""Live sessions when something fails on the server: storage that does not answer is an
`unavailable` error message (the socket lives on, the client is not blamed); an unexpected error
is one bounded log line and a 1011 close, never the server's own traceback dump."""

import logging
from typing import Any

import pytest
from dependency_injector import providers
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from application.errors import StorageUnavailable
from entrypoints.host.app import create_app
from tests.support import build_container, settings_for_tests


class FailingQueries:
    def __init__(self, error: Exception) -> None:
        self.error = error

    async def post_id(self, slug: str) -> Any:
        raise self.error


def test_live_failures_on_the_server_side(caplog: pytest.LogCaptureFixture) -> None:
    container = build_container(settings_for_tests())
    queries = FailingQueries(StorageUnavailable())
    container.live_projection.override(providers.Object(queries))
    with TestClient(create_app(container)) as client:
        account = {"email": "ada@example.com", "username": "ada", "password": "pw-123456"}
        assert client.post("/api/v1/auth/register", json=account).status_code == 201
        login = {"login": "ada", "password": "pw-123456"}
        token = client.post("/api/v1/auth/login", json=login).json()["access_token"]

        with client.websocket_connect("/api/v1/live") as ws:
            ws.send_json({"type": "auth", "token": token})
            assert ws.receive_json()["type"] == "ready"
            for _ in range(6):  # more than LIVE_MAX_CLIENT_ERRORS: none is held against it
                ws.send_json({"type": "subscribe", "topic": "post:anything"})
                assert ws.receive_json()["code"] == "unavailable"
            ws.send_json({"type": "subscribe", "topic": "feed"})
            assert ws.receive_json() == {"type": "subscribed", "topic": "feed"}

        queries.error = RuntimeError("a secret in the message")
        caplog.set_level(logging.INFO)
        with client.websocket_connect("/api/v1/live") as ws:
            ws.send_json({"type": "auth", "token": token})
            assert ws.receive_json()["type"] == "ready"
            ws.send_json({"type": "subscribe", "topic": "post:anything"})
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == 1011
    [failed] = [r for r in caplog.records if r.getMessage() == "live_session_failed"]
    assert failed.error_type == "RuntimeError"  # type: ignore[attr-defined]
    assert "a secret" not in str(failed.__dict__)
    assert not any("Exception in ASGI application" in r.getMessage() for r in caplog.records)
