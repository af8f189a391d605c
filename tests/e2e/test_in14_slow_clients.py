"""IN-14: slow clients against the real server: idle keep-alive connections are closed after
KEEP_ALIVE_TIMEOUT_SECONDS, connections whose headers are incomplete after
HEADER_TIMEOUT_SECONDS, and a body that trickles in gets 408 after REQUEST_TIMEOUT_SECONDS."""

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.raw_http import read_response
from tests.served import folio_serve, folio_worker, server_environment
from tests.support import free_port

BOUND_SECONDS = 1
# Well past the bound, yet short of uvicorn's and our defaults (5 s): an ignored setting fails.
GUARD_SECONDS = 4


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    env = server_environment(
        tmp_path_factory.mktemp("slow"),
        REQUEST_TIMEOUT_SECONDS=str(BOUND_SECONDS),
        KEEP_ALIVE_TIMEOUT_SECONDS=str(BOUND_SECONDS),
        HEADER_TIMEOUT_SECONDS=str(BOUND_SECONDS),
    )
    with folio_serve(env) as base:
        url = urlsplit(base)
        yield url.hostname or "127.0.0.1", url.port or 80


def read_until_closed(sock: socket.socket) -> bytes:
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


def test_in14_an_idle_keep_alive_connection_is_closed(address: tuple[str, int]) -> None:
    with socket.create_connection(address, timeout=GUARD_SECONDS) as sock:
        sock.sendall(b"GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        started = time.monotonic()
        received = read_until_closed(sock)
    assert received.startswith(b"HTTP/1.1 200")
    assert time.monotonic() - started < GUARD_SECONDS


def test_in14_a_body_that_trickles_in_gets_408_and_the_connection_closes(
    address: tuple[str, int],
) -> None:
    with socket.create_connection(address, timeout=GUARD_SECONDS) as sock:
        sock.sendall(
            b"POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"login": '
        )
        started = time.monotonic()
        received = read_until_closed(sock)  # the rest of the body never comes
    head, _, body = received.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), received
    assert b"connection: close" in head.lower()
    assert json.loads(body)["status"] == 408
    assert time.monotonic() - started < GUARD_SECONDS


@pytest.mark.parametrize(
    "sent",
    [
        b"",  # connected, silent
        b"GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n",  # never ends its headers
    ],
    ids=["nothing", "partial-headers"],
)
def test_in14_a_client_slow_to_send_its_headers_is_disconnected(
    address: tuple[str, int], sent: bytes
) -> None:
    with socket.create_connection(address, timeout=GUARD_SECONDS) as sock:
        sock.sendall(sent)
        started = time.monotonic()
        received = read_until_closed(sock)
    assert received == b""
    assert time.monotonic() - started < GUARD_SECONDS


def test_in14_headers_trickled_after_a_kept_alive_request_are_bounded_too(
    address: tuple[str, int],
) -> None:
    with socket.create_connection(address, timeout=GUARD_SECONDS) as sock:
        sock.sendall(b"GET /api/v1/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        first = read_response(sock)
        sock.sendall(b"GET /api/v1/health/live HTTP/1.1\r\n")
        started = time.monotonic()
        while time.monotonic() - started < GUARD_SECONDS:
            time.sleep(0.3)  # a header line now and then keeps uvicorn's keep-alive timer off
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                break
        rest = read_until_closed(sock)
    assert first[0] == 200
    assert rest == b""
    assert time.monotonic() - started < GUARD_SECONDS


def test_in14_the_workers_metrics_port_bounds_slow_headers_too(tmp_path: Path) -> None:
    port = free_port()
    env = server_environment(
        tmp_path,
        HEADER_TIMEOUT_SECONDS=str(BOUND_SECONDS),
        METRICS_TOKEN="metrics-token-0123456789",
        WORKER_METRICS_PORT=str(port),
    )
    folio = str(Path(sys.executable).parent / "folio")
    subprocess.run([folio, "migrate"], env=env, check=True, capture_output=True)  # noqa: S603
    with folio_worker(env):
        assert wait_for_port(port)
        with socket.create_connection(("127.0.0.1", port), timeout=GUARD_SECONDS) as sock:
            sock.sendall(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            started = time.monotonic()
            received = read_until_closed(sock)
    assert received == b""
    assert time.monotonic() - started < GUARD_SECONDS


def wait_for_port(port: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.1)
    return False
