"""Helpers shared by the test suites: building the container the way production does."""

import asyncio
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from typing import NoReturn

import pytest
from dependency_injector import providers

from entrypoints.composition.container import Container
from entrypoints.composition.settings import Settings

TEST_SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789"


def settings_for_tests(database_url: str = "memory://", **overrides: object) -> Settings:
    values: dict[str, object] = {
        "app_env": "test",
        "database_url": database_url,
        "jwt_secret": TEST_SECRET,
        # argon2-cffi's CHEAPEST profile: for tests only, through the same container wiring.
        "argon2_time_cost": 1,
        "argon2_memory_cost": 8,
        "argon2_parallelism": 1,
        # Tests that want the embedded worker ask for it; others read the outbox themselves.
        "worker_embedded": False,
        # A loaded test machine must not turn slow answers into 503s; tests of the deadline
        # set their own.
        "request_timeout_seconds": 60,
        # The names the test clients use.
        "allowed_hosts": ["folio.test", "testserver", "t", "localhost", "127.0.0.1"],
    }
    values.update(overrides)
    return Settings.model_validate(values)


def build_container(settings: Settings) -> Container:
    container = Container()
    container.settings.override(providers.Object(settings))
    return container


def unavailable(reason: str) -> NoReturn:
    """A real part the test needs is missing: a skip that says why, or, with REQUIRE_POSTGRES=1
    (CI: every real part is required), a failure."""
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        pytest.fail(f"REQUIRE_POSTGRES=1 (every real part required), but {reason}")
    pytest.skip(reason)


def debian_program(name: str, package: str) -> str:
    """The path of a program from Debian's `package`, or `unavailable` saying how to install
    it."""
    path = shutil.which(name) or f"/usr/sbin/{name}"
    if os.path.exists(path):
        return path
    unavailable(f"{name} is not installed (`apt-get install {package}`); `.ci/run` installs it")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(port: int, process: subprocess.Popen[bytes], seconds: float = 10) -> bool:
    """Waits until `process` accepts connections on loopback `port`; if it exits or does not
    within `seconds`, kills it and returns False."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    process.kill()
    process.wait()
    return False


def redis_url() -> str:
    """Redis on this machine (database 5, kept for tests), or `unavailable` saying how to start
    one."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError as e:
        unavailable(f"Redis is not reachable at 127.0.0.1:6379 ({e}); `docker compose up redis`")
    return "redis://127.0.0.1:6379/5"


async def eventually(condition: Callable[[], bool], seconds: float = 10) -> None:
    """Waits for something another task or process does; fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s")
        await asyncio.sleep(0.02)
