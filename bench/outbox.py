"""`python -m bench.outbox` (part of `make bench`): the outbox on PostgreSQL.

1. Throughput: events handled per second by 1 and by 2 worker processes with a no-op handler,
   over a backlog committed at once.
2. Delay from recording an event to its handler starting, p50 and p99, with 2 workers, while
   wrk loads the API (GET /api/v1/posts, 64 connections) and a producer commits events one
   transaction at a time at a steady rate. The delay runs from the event's `occurred_at`
   (taken just before its transaction commits) to the handler's start, so it includes the
   commit itself.

Writes docs/results/outbox/latest.{json,md}."""

import argparse
import asyncio
import json
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

from sqlalchemy import insert

from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.outbox import outbox_row
from adapters.sqlalchemy.tables import outbox
from bench import RESULTS
from bench.__main__ import uvicorn, wait_ready
from bench.wrk import Load, find_wrk, run
from domain.events import PostFavorited
from entrypoints.composition.container import Container
from entrypoints.composition.lifecycle import close_engines
from tests.databases import create_postgres_database, drop_postgres_database
from tests.support import build_container, free_port, settings_for_tests

OUTBOX_RESULTS = RESULTS / "outbox"


def favorited() -> PostFavorited:
    return PostFavorited(
        event_id=uuid4(), occurred_at=datetime.now(UTC), post_id=uuid4(), user_id=uuid4()
    )


class Workers:
    def __init__(self, count: int, env: dict[str, str], folder: Path) -> None:
        self.files = [folder / f"worker-{n}-{secrets.token_hex(3)}.json" for n in range(count)]
        self.processes = [
            subprocess.Popen(  # noqa: S603 - this repository's module
                [sys.executable, "-m", "bench.outbox_worker", str(path)],
                env={**os.environ, **env},
                stdout=subprocess.PIPE,
                text=True,
            )
            for path in self.files
        ]
        for process in self.processes:
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise SystemExit("a benchmark worker did not start")

    def stop(self) -> list[float]:
        for process in self.processes:
            process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=30)
        return [delay for path in self.files for delay in json.loads(path.read_text())]


async def pending(container: Container) -> int:
    return int((await container.outbox_queue().stats()).pending)


async def throughput(url: str, env: dict[str, str], workers: int, events: int) -> float:
    container = build_container(settings_for_tests(url))
    engine = create_engine(url)
    with tempfile.TemporaryDirectory() as folder:
        team = Workers(workers, env, Path(folder))
        try:
            async with engine.begin() as conn:
                await conn.execute(insert(outbox), [outbox_row(favorited()) for _ in range(events)])
            started = time.monotonic()
            while await pending(container):  # noqa: ASYNC110 - polling the database
                await asyncio.sleep(0.1)
            elapsed = time.monotonic() - started
        finally:
            team.stop()
            await engine.dispose()
            await close_engines(container)
    return events / elapsed


async def produce(url: str, rate: float, seconds: float) -> int:
    container = build_container(settings_for_tests(url))
    produced, interval = 0, 1 / rate
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            async with container.unit_of_work() as uow:
                await uow.outbox.add(favorited())
                await uow.commit()
            produced += 1
            await asyncio.sleep(interval)
        while await pending(container):  # noqa: ASYNC110 - polling the database
            await asyncio.sleep(0.05)
    finally:
        await close_engines(container)
    return produced


def delay_under_load(
    url: str, env: dict[str, str], args: argparse.Namespace
) -> tuple[list[float], Load, int]:
    port = free_port()
    server = uvicorn(
        "entrypoints.host.app:create_app",
        port,
        {**env, "APP_ENV": "production", "ALLOWED_HOSTS": "127.0.0.1", "DOCS_ENABLED": "false"},
        factory=True,
    )
    load: list[Load] = []
    try:
        wait_ready(f"http://127.0.0.1:{port}/api/v1/health/ready")
        with tempfile.TemporaryDirectory() as folder:
            team = Workers(2, env, Path(folder))
            try:
                wrk = threading.Thread(
                    target=lambda: load.append(
                        run(
                            f"http://127.0.0.1:{port}/api/v1/posts?limit=20",
                            'wrk.method = "GET"\n',
                            seconds=args.seconds,
                            connections=64,
                        )
                    )
                )
                wrk.start()
                produced = asyncio.run(produce(url, args.rate, args.seconds))
                wrk.join()
            finally:
                delays = team.stop()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)
    return delays, load[0], produced


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.outbox")
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--rate", type=float, default=200.0, help="events/s while under load")
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    find_wrk()
    url = asyncio.run(create_postgres_database())
    env = {
        "DATABASE_URL": url,
        "JWT_SECRET": secrets.token_urlsafe(48),
        "LOG_LEVEL": "WARNING",
    }
    try:
        rates = {n: asyncio.run(throughput(url, env, n, args.events)) for n in (1, 2)}
        delays, load, produced = delay_under_load(url, env, args)
    finally:
        asyncio.run(drop_postgres_database(url))
    delays_ms = [d * 1000 for d in delays]
    result = {
        "events": args.events,
        "events_per_second": {
            f"{n} worker{'s' if n > 1 else ''}": round(r) for n, r in rates.items()
        },
        "under_load": {
            "produced": produced,
            "handled": len(delays),
            "rate_per_second": args.rate,
            "delay_p50_ms": round(statistics.median(delays_ms), 1),
            "delay_p99_ms": round(percentile(delays_ms, 0.99), 1),
            "api_requests_per_second": round(load.requests_per_second),
            "api_errors": load.errors,
        },
    }
    OUTBOX_RESULTS.mkdir(parents=True, exist_ok=True)
    (OUTBOX_RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    (OUTBOX_RESULTS / "latest.md").write_text(markdown(result))
    print(markdown(result))
    return 0


def markdown(result: dict[str, object]) -> str:
    rates = result["events_per_second"]
    under = result["under_load"]
    assert isinstance(rates, dict)
    assert isinstance(under, dict)
    lines = [
        f"Backlog of {result['events']:,} events, no-op handler, worker processes:",
        "",
        "| Workers | Events/s |",
        "|---|---:|",
        *(f"| {name} | {rate:,} |" for name, rate in rates.items()),
        "",
        f"Under load (wrk, GET /api/v1/posts, 64 connections: {under['api_requests_per_second']:,} "
        f"req/s, {under['api_errors']} errors), {under['rate_per_second']:.0f} events/s committed "
        f"one per transaction, 2 workers: {under['handled']:,} of {under['produced']:,} handled; "
        f"delay from recording to handler start p50 {under['delay_p50_ms']} ms, "
        f"p99 {under['delay_p99_ms']} ms.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
