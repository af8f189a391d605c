"""`folio serve` in its own process on a free loopback port, for the tests that need the real
server (uvicorn's own connection handling) rather than the app in process."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support import TEST_SECRET, free_port

STARTUP_SECONDS = 30
# One test client is every user: limits per client address would stop it.
THROTTLE_FOR_ONE_CLIENT = {
    "THROTTLE_LOGINS_PER_ADDRESS": "100000/minute",
    "THROTTLE_REGISTRATIONS_PER_ADDRESS": "100000/minute",
    "THROTTLE_REFRESHES_PER_ADDRESS": "100000/minute",
    "THROTTLE_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS": "100000/minute",
}


def server_environment(data_dir: Path, **overrides: str) -> dict[str, str]:
    """The environment of a served process: cheap hashing, SQLite under `data_dir` unless
    `overrides` say otherwise."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{data_dir}/folio.db",
        "DATA_DIR": str(data_dir),
        "JWT_SECRET": TEST_SECRET,
        "ARGON2_TIME_COST": "1",
        "ARGON2_MEMORY_COST": "8",
        "ARGON2_PARALLELISM": "1",
        "LOG_FORMAT": "json",  # the tests read the log line by line
        **overrides,
    }


@contextmanager
def folio_serve(env: dict[str, str], *args: str) -> Iterator[str]:
    """Yields the base URL once the server is ready; stops it with SIGINT afterwards. What it
    writes goes to `server_log(env)`. `args` go to `folio serve` (`--workers 2`, say)."""
    port = free_port()
    folio = Path(sys.executable).parent / "folio"
    log = server_log(env).open("w")
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [str(folio), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env=env,
        stdout=log,
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
                pytest.fail(f"folio serve did not come up:\n{server_log(env).read_text()}")
            time.sleep(0.1)
        yield base
    finally:
        stop(process, signal.SIGINT)
        log.close()


def server_log(env: dict[str, str]) -> Path:
    return Path(env["DATA_DIR"]) / "serve.log"


@contextmanager
def folio_worker(env: dict[str, str]) -> Iterator[None]:
    """`folio worker` for the duration of the block, writing to DATA_DIR/worker.log."""
    folio = Path(sys.executable).parent / "folio"
    with (Path(env["DATA_DIR"]) / "worker.log").open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own console script
            [str(folio), "worker"], env=env, stdout=log, stderr=subprocess.STDOUT, text=True
        )
        try:
            yield
        finally:
            stop(process, signal.SIGTERM)


def stop(process: subprocess.Popen[str], signum: int) -> None:
    """As an operator would: the signal, then a kill if it has not ended within 10 s."""
    process.send_signal(signum)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
