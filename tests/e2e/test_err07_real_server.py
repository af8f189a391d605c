"""ERR-07 against the real server: an unexpected error (a fault planted in the database) is one
bounded log line and a 500 problem, uvicorn's own "Exception in ASGI application" dump is never
reached, and the keep-alive connection that carried the 500 serves the next request."""

import json
import socket
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.e2e.raw_http import read_response
from tests.served import folio_serve, server_environment, server_log

SECRET_BODY = "planted-secret-body-4a1f"


def test_err07_an_unexpected_error_is_a_500_one_log_line_and_the_connection_lives(
    tmp_path: Path,
) -> None:
    env = server_environment(tmp_path)
    with folio_serve(env) as base:
        api = f"{base}/api/v1"
        credentials = {"email": "ada@example.com", "username": "ada", "password": "pw-123456"}
        assert httpx.post(f"{api}/auth/register", json=credentials).status_code == 201
        login = {"login": "ada", "password": "pw-123456"}
        token = httpx.post(f"{api}/auth/login", json=login).json()["access_token"]
        with sqlite3.connect(tmp_path / "folio.db") as database:
            database.execute(
                "CREATE TRIGGER planted_fault BEFORE INSERT ON posts "
                "BEGIN SELECT RAISE(ABORT, 'planted fault'); END"
            )
        body = json.dumps({"title": "Doomed", "body": SECRET_BODY}).encode()
        url = urlsplit(base)
        with socket.create_connection((url.hostname or "", url.port or 80), timeout=10) as sock:
            sock.sendall(
                b"POST /api/v1/posts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Authorization: Bearer " + token.encode() + b"\r\n"
                b"Content-Type: application/json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
            )
            status, headers, problem = read_response(sock)
            assert status == 500
            assert headers["content-type"] == "application/problem+json"
            assert json.loads(problem)["status"] == 500
            assert "connection" not in headers  # kept alive
            sock.sendall(b"GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert read_response(sock)[0] == 200
    log = server_log(env).read_text()
    assert "Exception in ASGI application" not in log
    assert "Traceback" not in log
    [line] = [line for line in log.splitlines() if "unhandled_error" in line]
    assert json.loads(line)["path"] == "/api/v1/posts"
    assert len(line) < 4096
    assert SECRET_BODY not in log
    assert token not in log
