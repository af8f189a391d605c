"""Helpers shared by the test suites: building the container the way production does."""

import socket

from dependency_injector import providers

from entrypoints.container import Container
from entrypoints.settings import Settings

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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
