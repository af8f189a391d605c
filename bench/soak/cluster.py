"""The deployment under test, as docs/deploy.md runs it: two `folio serve` instances and a
`folio worker` behind nginx, on a PostgreSQL and a Redis of the soak's own, mailing through a
relay that can hang; and the faults it suffers."""

import secrets
import signal
import subprocess
from pathlib import Path

from bench.__main__ import folio_process, folio_serve, rss_mib, wait_ready
from bench.soak.mail import HangingRelay
from bench.soak.postgres import PrivatePostgres
from tests.proxy import PROXY_SOURCE
from tests.redis_server import RedisServer
from tests.support import free_port

INSTANCES = ("instance-a", "instance-b")


class Cluster:
    def __init__(
        self, folder: Path, postgres: PrivatePostgres, redis: RedisServer, relay: HangingRelay
    ) -> None:
        self.folder, self.postgres, self.redis, self.relay = folder, postgres, redis, relay
        self.ports = {name: free_port() for name in INSTANCES}
        self.env = {
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "SMTP_URL": f"smtp://127.0.0.1:{relay.port}",
            "JWT_SECRET": secrets.token_urlsafe(48),
            "APP_ENV": "production",
            "ALLOWED_HOSTS": "127.0.0.1",
            "FORWARDED_ALLOW_IPS": PROXY_SOURCE,
            "WEB_APP_URL": "http://127.0.0.1:8000",
            "WORKER_EMBEDDED": "false",
            # One load generator is every client: limits per client address would stop it.
            **{
                f"THROTTLE_{name}": "1000000/minute"
                for name in (
                    "LOGINS_PER_ADDRESS",
                    "REGISTRATIONS_PER_ADDRESS",
                    "REFRESHES_PER_ADDRESS",
                    "LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS",
                )
            },
        }
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._started = dict.fromkeys((*INSTANCES, "worker"), 0)

    @property
    def upstreams(self) -> list[str]:
        return [f"127.0.0.1:{port}" for port in self.ports.values()]

    def migrate(self) -> None:
        done = folio_process(["migrate"], self.env, self.folder / "migrate.log").wait(timeout=120)
        if done != 0:
            raise RuntimeError((self.folder / "migrate.log").read_text())

    def start(self, name: str) -> None:
        self._started[name] += 1
        log = self.folder / f"{name}-{self._started[name]}.log"
        if name == "worker":
            self.processes[name] = folio_process(["worker"], self.env, log)
            return
        self.processes[name] = folio_serve(self.ports[name], self.env, log)
        wait_ready(f"http://127.0.0.1:{self.ports[name]}/api/v1/health/live")

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown, no flush, as when a machine dies."""
        process = self.processes.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def rss_mib(self) -> dict[str, tuple[int, float]]:
        """Per process running now: its pid and its resident memory."""
        return {
            name: (process.pid, round(rss_mib(process.pid), 1))
            for name, process in self.processes.items()
            if process.poll() is None
        }

    def stop(self) -> None:
        for process in self.processes.values():
            process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
