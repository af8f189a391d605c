"""`python -m bench.soak [--minutes N]` (`make soak`, SOAK_MINUTES): the deployment of
bench/soak/cluster.py under the load of bench/soak/load.py, while, at fixed fractions of the
run, an instance is killed with SIGKILL (and started again 15 s later), PostgreSQL restarts,
the worker is killed (started again 15 s later), Redis stops for 30 s and the mail server
hangs for a minute. Prints and writes docs/results/soak/latest.{json,md,png}. Exits 1 when
an acknowledged write was lost or a write was made twice."""

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import asyncpg

from bench import RESULTS
from bench.soak.cluster import INSTANCES, Cluster
from bench.soak.load import WRITE_GIVE_UP_SECONDS, Soak
from bench.soak.mail import mail_server
from bench.soak.postgres import PrivatePostgres
from bench.soak.report import Fault, chart, markdown, per_minute, per_phase, rss_drift
from tests.mail_server import Inbox
from tests.proxy import nginx_in_front_of
from tests.redis_server import RedisServer

SOAK_RESULTS = RESULTS / "soak"
RSS_EVERY_SECONDS = 10
DRAIN_SECONDS = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", 10)))
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--sockets", type=int, default=4)
    args = parser.parse_args()
    result = asyncio.run(soak(args))
    SOAK_RESULTS.mkdir(parents=True, exist_ok=True)
    (SOAK_RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    report = markdown(result)
    (SOAK_RESULTS / "latest.md").write_text(report)
    chart(result, SOAK_RESULTS / "latest.png")
    print(report, flush=True)
    writes = result["writes"]
    return 0 if writes["lost"] == 0 and writes["duplicated"] == 0 else 1


async def soak(args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="folio-soak-"))
    postgres = PrivatePostgres()
    await asyncio.to_thread(postgres.create)
    redis = RedisServer()
    redis.start()
    try:
        with mail_server() as (inbox, relay):
            cluster = Cluster(folder, postgres, redis, relay)
            await asyncio.to_thread(cluster.migrate)
            for name in (*INSTANCES, "worker"):
                await asyncio.to_thread(cluster.start, name)
            try:
                with nginx_in_front_of(cluster.upstreams) as base:
                    return await _run(args, cluster, base, inbox, postgres.url)
            finally:
                cluster.stop()
    finally:
        redis.stop()
        await asyncio.to_thread(postgres.stop)


async def _run(
    args: argparse.Namespace, cluster: Cluster, base: str, inbox: Inbox, dsn: str
) -> dict[str, Any]:
    seconds = args.minutes * 60
    soak = Soak(base)
    await soak.prepare()
    load = soak.load
    running = asyncio.create_task(
        soak.run(readers=args.readers, writers=args.writers, sockets=args.sockets)
    )
    rss_series: list[dict[str, Any]] = []
    sampling = asyncio.create_task(_sample_rss(cluster, load.started, rss_series))
    faults = await _suffer(cluster, load.started, seconds)
    await asyncio.sleep(max(0.0, load.started + seconds - time.monotonic()))
    soak.stop()
    async with asyncio.timeout(WRITE_GIVE_UP_SECONDS + 30):
        await running
    sampling.cancel()
    await soak.close()
    pending = await _drained(dsn)
    return {
        "minutes": args.minutes,
        "faults": [asdict(f) for f in faults],
        "phases": per_phase(load.samples, faults),
        "p99_per_minute": per_minute(load.samples),
        "writes": await _writes(dsn, load.acknowledged, load.abandoned),
        "live": asdict(load.live),
        "mail": _mail(inbox, load.registrations + 2, pending),  # + the writer and follower
        "rss_series": rss_series,
        "rss_drift": rss_drift(rss_series, warm_up=min(60.0, seconds / 10)),
    }


async def _suffer(cluster: Cluster, started: float, seconds: float) -> list[Fault]:
    """The faults, each at its fraction of the run."""

    async def restart_later(name: str) -> None:
        cluster.kill(name)
        await asyncio.sleep(15)
        await asyncio.to_thread(cluster.start, name)

    async def redis_away() -> None:
        await asyncio.to_thread(cluster.redis.stop)
        await asyncio.sleep(30)
        await asyncio.to_thread(cluster.redis.start)

    async def mail_hangs() -> None:
        cluster.relay.hung = True
        await asyncio.sleep(60)
        cluster.relay.recover()

    plan: list[tuple[str, float, Callable[[], Awaitable[None]]]] = [
        ("instance killed", 0.15, lambda: restart_later(INSTANCES[0])),
        ("postgres restarted", 0.30, lambda: asyncio.to_thread(cluster.postgres.restart)),
        ("worker killed", 0.45, lambda: restart_later("worker")),
        ("redis stopped 30 s", 0.60, redis_away),
        ("mail hung 60 s", 0.75, mail_hangs),
    ]
    faults = []
    for name, fraction, act in plan:
        await asyncio.sleep(max(0.0, started + fraction * seconds - time.monotonic()))
        began = time.monotonic()
        print(f"soak: {name} at {began - started:.0f} s", flush=True)
        await act()
        faults.append(Fault(name, began - started, time.monotonic() - began))
    return faults


async def _sample_rss(cluster: Cluster, started: float, series: list[dict[str, Any]]) -> None:
    while True:
        with contextlib.suppress(OSError):
            at, now = round(time.monotonic() - started), cluster.rss_mib()
            series.append(
                {
                    "at": at,
                    "rss_mib": {name: mib for name, (_, mib) in now.items()},
                    "pid": {name: pid for name, (pid, _) in now.items()},
                }
            )
        await asyncio.sleep(RSS_EVERY_SECONDS)


async def _drained(dsn: str) -> int:
    """Waits for the worker to finish what the run left; the events still pending."""
    connection = await asyncpg.connect(dsn)
    try:
        deadline = time.monotonic() + DRAIN_SECONDS
        while True:
            pending = await connection.fetchval(
                "SELECT count(*) FROM outbox WHERE status = 'pending'"
            )
            if pending == 0 or time.monotonic() > deadline:
                return int(pending)
            await asyncio.sleep(1)
    finally:
        await connection.close()


async def _writes(dsn: str, acknowledged: list[str], abandoned: int) -> dict[str, int]:
    connection = await asyncpg.connect(dsn)
    try:
        found = await connection.fetchval(
            "SELECT count(DISTINCT title) FROM posts WHERE title = ANY($1::text[])", acknowledged
        )
        duplicated = await connection.fetchval(
            "SELECT count(*) - count(DISTINCT title) FROM posts WHERE title LIKE 'soak %'"
        )
    finally:
        await connection.close()
    return {
        "acknowledged": len(acknowledged),
        "lost": len(set(acknowledged)) - int(found),
        "duplicated": int(duplicated),
        "abandoned": abandoned,
    }


def _mail(inbox: Inbox, accounts: int, pending: int) -> dict[str, int]:
    ids = [message["Message-ID"] for message in inbox.messages]
    return {
        "registrations": accounts,
        "expected": 2 * accounts,  # a welcome and a verification mail each
        "received": len(set(ids)),
        "duplicated": len(ids) - len(set(ids)),
        "pending_at_end": pending,
    }


if __name__ == "__main__":
    sys.exit(main())
