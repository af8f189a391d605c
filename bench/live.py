"""`python -m bench.live` (part of `make bench`): live updates under load, as shipped
(`folio serve`, production settings, logging on, PostgreSQL).

1,000 WebSocket clients, one per user, each subscribed to `feed`; the users follow 10
authors (100 followers each). The authors publish 100 posts a second through the REST API,
so each post reaches 100 sockets (10,000 messages a second). Measured per delivery: the delay
from the post's event (taken in its transaction, just before the commit) to the client
receiving it, p50 and p99; and per server process, its CPU (share of one core) and RSS.

Scenarios: one `folio serve` process with its embedded worker and the in-process event bus;
two `folio serve` processes (half the sockets on each) with a `folio worker`, sharing events
through Redis. The reference is the first scenario: the second's figures are given as ratios
to it. Writes docs/results/live/latest.{json,md}."""

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID

import httpx
from websockets.asyncio.client import ClientConnection, connect

from adapters.security.key_ring import Ed25519KeyRing
from adapters.system import SystemClock
from application.ports.sessions import SessionRecord
from bench import RESULTS
from bench.__main__ import folio_process, folio_serve, rss_mib, wait_ready
from entrypoints.composition.lifecycle import close_engines
from tests.contract.builders import a_user
from tests.databases import create_postgres_database, drop_postgres_database
from tests.signing import stored_ring, v1_tokens
from tests.support import build_container, eventually, free_port, settings_for_tests

LIVE_RESULTS = RESULTS / "live"
SECRET = secrets.token_urlsafe(48)
AUTHORS, FOLLOWERS_EACH = 10, 100


@dataclass
class Outcome:
    scenario: str
    posts: int
    expected: int
    delivered: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    cpu_percent: dict[str, float]  # per process, of one core, while publishing
    rss_mb: dict[str, float]


async def seeded(url: str) -> tuple[list[str], list[str]]:
    """The authors' and the followers' user ids."""
    container = build_container(settings_for_tests(url))
    authors = [a_user(f"author{n}") for n in range(AUTHORS)]
    followers = [a_user(f"reader{n}") for n in range(AUTHORS * FOLLOWERS_EACH)]
    async with container.unit_of_work() as uow:
        for user in (*authors, *followers):
            await uow.users.add(user)
            await uow.sessions.add(a_session(user.id))
        for n, follower in enumerate(followers):
            await uow.follows.add(follower.id, authors[n % AUTHORS].id)
        await uow.commit()
    await close_engines(container)
    return [str(a.id) for a in authors], [str(f.id) for f in followers]


def a_session(user_id: UUID) -> SessionRecord:
    """One session per user, with the user's id: the tokens below name it."""
    now = datetime.now(UTC)
    return SessionRecord(
        id=user_id,
        user_id=user_id,
        label="benchmark",
        created_at=now,
        last_used_at=now,
        last_address=None,
        authenticated_at=now,
        expires_at=now + timedelta(days=1),
    )


def token_for(keys: Ed25519KeyRing, user_id: str) -> str:
    """A token as the servers sign them, by the key ring they keep in the database."""
    tokens = v1_tokens(keys, timedelta(hours=1), SystemClock(), secret=SECRET)
    return tokens.issue(UUID(user_id), UUID(user_id), datetime.now(UTC)).token


class Process:
    """A `folio` process whose CPU time and memory the benchmark reads."""

    def __init__(self, popen: subprocess.Popen[bytes]) -> None:
        self.popen = popen

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.popen.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        return rss_mib(self.popen.pid)

    def stop(self) -> None:
        self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.popen.kill()


@contextlib.contextmanager
def running(
    url: str, folder: Path, *, servers: int, redis: str | None
) -> Iterator[tuple[list[str], dict[str, Process]]]:
    env = {
        "DATABASE_URL": url,
        "APP_ENV": "production",
        "ALLOWED_HOSTS": "127.0.0.1",
        "JWT_SECRET": SECRET,
        "DATA_DIR": str(folder),
        "WORKER_EMBEDDED": "true" if servers == 1 else "false",
        "LIVE_MAX_CONNECTIONS_PER_ACCOUNT": "10",
    }
    if redis:
        env |= {"REDIS_URL": redis, "LIVE_REDIS_CHANNEL": f"folio-bench-{secrets.token_hex(4)}"}
    processes: dict[str, Process] = {}
    origins = []
    try:
        for n in range(servers):
            port = free_port()
            processes[f"serve-{n + 1}"] = Process(folio_serve(port, env, folder / f"serve-{n}.log"))
            origins.append(f"http://127.0.0.1:{port}")
        if servers > 1:
            processes["worker"] = Process(folio_process(["worker"], env, folder / "worker.log"))
        for origin in origins:
            wait_ready(f"{origin}/api/v1/health/ready")
        yield origins, processes
    finally:
        for process in processes.values():
            process.stop()


class Subscriber:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.delays: list[float] = []
        self.task = asyncio.create_task(self._listen())

    async def _listen(self) -> None:
        with contextlib.suppress(Exception):
            async for text in self.ws:
                received = time.time()
                message = json.loads(text)
                if message["type"] == "post.published":
                    occurred = datetime.fromisoformat(message["occurred_at"]).timestamp()
                    self.delays.append(received - occurred)


async def subscribe(origin: str, keys: Ed25519KeyRing, user_id: str) -> Subscriber:
    ws = await connect(origin.replace("http", "ws", 1) + "/api/v1/live", max_size=2**20)
    await ws.send(json.dumps({"type": "auth", "token": token_for(keys, user_id)}))
    await ws.send(json.dumps({"type": "subscribe", "topic": "feed"}))
    assert json.loads(await ws.recv())["type"] == "ready"
    assert json.loads(await ws.recv())["type"] == "subscribed"
    return Subscriber(ws)


async def publish(
    origin: str, keys: Ed25519KeyRing, authors: list[str], rate: float, seconds: float
) -> int:
    headers = [{"Authorization": f"Bearer {token_for(keys, a)}"} for a in authors]
    sent, started = 0, time.monotonic()
    async with httpx.AsyncClient(base_url=f"{origin}/api/v1", timeout=30) as http:
        pending: set[asyncio.Task[httpx.Response]] = set()
        while (elapsed := time.monotonic() - started) < seconds:
            due = int(elapsed * rate) + 1
            while sent < due:
                body = {"title": f"Post {sent} {secrets.token_hex(3)}", "body": "News."}
                request = http.post("/posts", json=body, headers=headers[sent % len(headers)])
                pending.add(asyncio.create_task(request))
                sent += 1
            await asyncio.sleep(0.005)
        for response in await asyncio.gather(*pending):
            assert response.status_code == 201, response.text
    return sent


async def scenario(
    name: str, url: str, redis: str | None, servers: int, rate: float, seconds: float
) -> Outcome:
    authors, followers = await seeded(url)
    with (
        tempfile.TemporaryDirectory() as folder,
        running(url, Path(folder), servers=servers, redis=redis) as (origins, processes),
    ):
        keys = await stored_ring(url, secret=SECRET)
        subscribers = [
            await subscribe(origins[n % len(origins)], keys, user)
            for n, user in enumerate(followers)
        ]
        await asyncio.sleep(1)
        cpu_before = {k: p.cpu_seconds() for k, p in processes.items()}
        started = time.monotonic()
        posts = await publish(origins[0], keys, authors, rate, seconds)
        wall = time.monotonic() - started
        cpu = {k: 100 * (p.cpu_seconds() - cpu_before[k]) / wall for k, p in processes.items()}
        expected = posts * FOLLOWERS_EACH
        with contextlib.suppress(AssertionError):  # what never came counts as undelivered
            await eventually(lambda: sum(len(s.delays) for s in subscribers) >= expected, 30)
        rss = {k: p.rss_mb() for k, p in processes.items()}
        for subscriber in subscribers:
            await subscriber.ws.close()
    delays = sorted(d * 1000 for s in subscribers for d in s.delays)
    return Outcome(
        scenario=name,
        posts=posts,
        expected=expected,
        delivered=len(delays),
        p50_ms=round(percentile(delays, 0.50), 1),
        p99_ms=round(percentile(delays, 0.99), 1),
        max_ms=round(delays[-1], 1) if delays else 0.0,
        cpu_percent={k: round(v) for k, v in cpu.items()},
        rss_mb={k: round(v) for k, v in rss.items()},
    )


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(fraction * len(values)))]


def markdown(outcomes: list[Outcome], rate: float, seconds: float) -> str:
    one = outcomes[0]
    lines = [
        f"# Live updates: {AUTHORS * FOLLOWERS_EACH} sockets, {rate:g} posts/s for {seconds:g} s,",
        f"# {FOLLOWERS_EACH} recipients each ({datetime.now(UTC):%Y-%m-%d})",
        "",
        "| scenario | delivered | p50 ms | p99 ms | max ms | CPU % (one core) | RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        cpu = ", ".join(f"{k} {v}" for k, v in o.cpu_percent.items())
        rss = ", ".join(f"{k} {v}" for k, v in o.rss_mb.items())
        lines.append(
            f"| {o.scenario} | {o.delivered}/{o.expected} | {o.p50_ms} | {o.p99_ms} | "
            f"{o.max_ms} | {cpu} | {rss} |"
        )
    for o in outcomes[1:]:
        lines.append("")
        lines.append(
            f"{o.scenario} against {one.scenario}: p50 {o.p50_ms / one.p50_ms:.2f}x, "
            f"p99 {o.p99_ms / one.p99_ms:.2f}x"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rate", type=float, default=100.0, help="posts a second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    )
    args = parser.parse_args()

    async def run_all() -> list[Outcome]:
        outcomes = []
        for name, servers, redis in (
            ("1 process", 1, None),
            ("2 processes + Redis", 2, args.redis),
        ):
            url = await create_postgres_database()
            try:
                outcome = await scenario(name, url, redis, servers, args.rate, args.seconds)
                print(json.dumps(asdict(outcome)), flush=True)
                outcomes.append(outcome)
            finally:
                await drop_postgres_database(url)
        return outcomes

    outcomes = asyncio.run(run_all())
    LIVE_RESULTS.mkdir(parents=True, exist_ok=True)
    (LIVE_RESULTS / "latest.json").write_text(
        json.dumps([asdict(o) for o in outcomes], indent=2) + "\n"
    )
    report = markdown(outcomes, args.rate, args.seconds)
    (LIVE_RESULTS / "latest.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
