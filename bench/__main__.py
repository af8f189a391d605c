"""`python -m bench` (`make bench`): Folio and the reference on one throwaway PostgreSQL
database, driven by wrk from another process, alternating, so that ratios hold while the
machine's speed drifts. Prints a table and writes docs/results/latest.{json,md}."""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from bench import RESULTS
from bench.charts import draw
from bench.depth import measure_depths
from bench.log_cost import log_cost
from bench.scenarios import Scenario, Tokens, scenarios
from bench.seed import BENCH_PASSWORD, BENCH_USER, seed
from bench.statements import statements_per_request
from bench.storm import login_storm
from bench.wrk import Load, find_wrk, run
from tests.databases import create_postgres_database, drop_postgres_database
from tests.served import THROTTLE_FOR_ONE_CLIENT
from tests.support import free_port


def uvicorn(
    target: str, port: int, env: dict[str, str], *, factory: bool
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        target,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--workers",
        "1",
        "--log-level",
        "warning",
    ]
    if factory:
        command.append("--factory")
    return subprocess.Popen(command, env={**os.environ, **env})  # noqa: S603


def folio_process(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A `folio` command as users run it, its output in a file."""
    folio = Path(sys.executable).parent / "folio"
    with log.open("w") as output:  # the child keeps its own descriptor
        return subprocess.Popen(  # noqa: S603 - our own console script
            [str(folio), *command],
            env={**os.environ, **env},
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def folio_serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    return folio_process(["serve", "--host", "127.0.0.1", "--port", str(port)], env, log)


def log_in(origin: str) -> Tokens:
    v1 = httpx.post(
        f"{origin}/api/v1/auth/login",
        json={"login": BENCH_USER, "password": BENCH_PASSWORD},
        timeout=30,
    ).json()["access_token"]
    conduit = httpx.post(
        f"{origin}/api/users/login",
        json={"user": {"email": f"{BENCH_USER}@example.com", "password": BENCH_PASSWORD}},
        timeout=30,
    ).json()["user"]["token"]
    return Tokens(v1=v1, conduit=conduit)


def wait_ready(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not come up")


def quiesce(dsn: str, limit_seconds: float = 180) -> None:
    """Waits until no statement is running on the benchmark's database: a server keeps working
    through what it accepted after wrk stops (an exact count over a million posts takes
    seconds), and the next server measured would otherwise share the database with that tail."""

    async def busy() -> int:
        conn = await asyncpg.connect(dsn)
        try:
            return int(
                await conn.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND state = 'active' AND pid <> pg_backend_pid()"
                )
            )
        finally:
            await conn.close()

    deadline = time.monotonic() + limit_seconds
    while asyncio.run(busy()) and time.monotonic() < deadline:
        time.sleep(0.5)


def settle(origin: str, limit_seconds: float = 180) -> None:
    """Waits until the server has finished what it accepted before wrk stopped (logins take
    seconds, a deep offset page at a million posts longer): until its readiness check, which
    needs a pooled database connection, answers within 100 ms. Else the next phase would
    measure that tail as its own."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.TransportError):
            started = time.monotonic()
            httpx.get(f"{origin}/api/v1/health/ready", timeout=limit_seconds)
            if time.monotonic() - started < 0.1:
                return
        time.sleep(1)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def prepare(posts: int, users: int) -> tuple[str, str]:
    url = await create_postgres_database()
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    seeded = await seed(dsn, users=users, posts=posts)
    return url, seeded.sample_slug


def measure(args: argparse.Namespace) -> dict[str, object]:
    find_wrk()
    url, sample_slug = asyncio.run(prepare(args.posts, args.users))
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    secret = secrets.token_urlsafe(48)
    folio_env = {
        "DATABASE_URL": url,
        "JWT_SECRET": secret,
        "APP_ENV": "production",
        "ALLOWED_HOSTS": "127.0.0.1",
        # wrk's 64 connections are one client address: the login storm would be 429s.
        **THROTTLE_FOR_ONE_CLIENT,
        "DB_POOL_SIZE": str(args.pool_size),
    }
    logs = Path(tempfile.mkdtemp(prefix="folio-bench-logs-"))
    ports = {name: free_port() for name in ("folio", "folio, log off", "reference")}
    servers = {
        # As shipped: the default log level, so one JSON access line per request (to a file,
        # as a process manager would keep it).
        "folio": folio_serve(ports["folio"], folio_env, logs / "folio.log"),
        "folio, log off": folio_serve(
            ports["folio, log off"], folio_env | {"LOG_LEVEL": "WARNING"}, logs / "quiet.log"
        ),
        "reference": uvicorn(
            "bench.reference.app:app",
            ports["reference"],
            {"REFERENCE_DSN": dsn, "JWT_SECRET": secret},
            factory=False,
        ),
    }
    origins = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
    results: list[dict[str, object]] = []
    try:
        for origin in origins.values():
            wait_ready(f"{origin}/api/v1/posts?limit=1")
        tokens = log_in(origins["folio"])
        plan = scenarios(sample_slug, BENCH_USER, BENCH_PASSWORD)
        counts = asyncio.run(statements_per_request(url, secret, tokens, plan))
        for scenario in plan:
            results.append(
                run_scenario(scenario, origins, servers, tokens, args, counts, lambda: quiesce(dsn))
            )
        [reading] = [s for s in plan if s.name == "get post by slug"]
        logs_cost = log_cost(
            origins["folio"],
            origins["folio, log off"],
            reading.path,
            reading.lua(tokens),
            pairs=args.log_pairs,
            seconds=args.log_seconds,
            connections=args.connections,
            settle=lambda: quiesce(dsn),
        )
        print(format_log_cost(logs_cost), flush=True)
        [logging_in] = [s for s in plan if s.path == "/api/v1/auth/login"]
        settle(origins["folio"])
        storm = login_storm(
            origins["folio"], servers["folio"], logging_in.lua(None), seconds=args.storm_seconds
        )
        settle(origins["folio"])
        depths = measure_depths(
            origins["folio"],
            dsn,
            secret,
            [depth for depth in args.depths if depth < args.posts],
            seconds=args.depth_seconds,
            connections=args.connections,
            settle=lambda: settle(origins["folio"]),
        )
    finally:
        for server in servers.values():
            server.send_signal(signal.SIGINT)
            server.wait(timeout=15)
        asyncio.run(drop_postgres_database(url))
    return {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "settings": {
            "posts": args.posts,
            "users": args.users,
            "seconds": args.seconds,
            "connections": args.connections,
            "rounds": args.rounds,
            "server": (
                "Folio: folio serve (1 worker, uvloop, httptools), production settings, JSON "
                "access log on (to a file), and again at LOG_LEVEL=WARNING; reference: uvicorn, "
                "1 worker, uvloop, httptools, access log off"
            ),
            "load": "wrk, 2 threads, loopback",
            "pool_size": args.pool_size,
        },
        "scenarios": results,
        "log_cost": logs_cost,
        "page_depth": depths,
        "login_storm": storm,
    }


def run_scenario(
    scenario: Scenario,
    origins: dict[str, str],
    servers: dict[str, subprocess.Popen[bytes]],
    tokens: Tokens,
    args: argparse.Namespace,
    counts: dict[str, int],
    quiet: Callable[[], None],
) -> dict[str, object]:
    connections = scenario.connections or args.connections
    lua = scenario.lua(tokens)
    loads: dict[str, list[Load]] = {name: [] for name in origins}
    for _ in range(args.rounds):
        for name, origin in origins.items():  # alternate, so drift hits both alike
            quiet()
            url = origin + scenario.path
            run(url, lua, seconds=args.warmup, connections=connections)
            loads[name].append(run(url, lua, seconds=args.seconds, connections=connections))
    best = {
        name: max(runs, key=lambda load: load.requests_per_second) for name, runs in loads.items()
    }
    row = {
        "scenario": scenario.name,
        "connections": connections,
        "folio": asdict(best["folio"])
        | {
            "rss_mib": round(rss_mib(servers["folio"].pid), 1),
            "statements": counts.get(scenario.name),
        },
        "folio_log_off": asdict(best["folio, log off"]),
        "reference": asdict(best["reference"])
        | {
            "rss_mib": round(rss_mib(servers["reference"].pid), 1),
            "statements": scenario.reference_statements,
        },
        # None: the reference answered nothing in the run (its exact counts at a million posts).
        "ratio": (
            round(best["folio"].requests_per_second / best["reference"].requests_per_second, 2)
            if best["reference"].requests_per_second
            else None
        ),
        "log_cost": round(
            1
            - best["folio"].requests_per_second
            / max(best["folio, log off"].requests_per_second, 1e-9),
            3,
        ),
    }
    print(format_row(row), flush=True)
    return row


def _ratio(ratio: object) -> str:
    return "-" if ratio is None else f"{ratio:.2f}"


def format_row(row: dict[str, object]) -> str:
    folio, quiet, reference = row["folio"], row["folio_log_off"], row["reference"]
    assert isinstance(folio, dict)
    assert isinstance(quiet, dict)
    assert isinstance(reference, dict)
    return (
        f"{row['scenario']:<42} folio {folio['requests_per_second']:>8.0f} rps "
        f"p50 {folio['p50_ms']:>7.2f} p99 {folio['p99_ms']:>8.2f} ms err {folio['errors']:>3} "
        f"sql {folio['statements']} | log off {quiet['requests_per_second']:>8.0f} rps "
        f"| reference {reference['requests_per_second']:>8.0f} rps "
        f"p50 {reference['p50_ms']:>7.2f} p99 {reference['p99_ms']:>8.2f} ms "
        f"| ratio {_ratio(row['ratio'])} | log cost {100 * float(row['log_cost']):.0f}%"  # type: ignore[arg-type]
    )


def format_log_cost(cost: dict[str, object]) -> str:
    each = ", ".join(f"{100 * c:.0f} %" for c in cost["each"])  # type: ignore[attr-defined]
    return (
        f"Access log cost, {cost['path']}, {cost['pairs']} pairs of {cost['seconds']} s "
        f"(log on against LOG_LEVEL=WARNING): median {100 * float(cost['median']):.1f} % "  # type: ignore[arg-type]
        f"of throughput ({each})."
    )


def markdown(result: dict[str, object]) -> str:
    lines = [
        "| Scenario | Folio req/s | p50 ms | p99 ms | errors | SQL/req | RSS MiB "
        "| Folio, log off, req/s | log cost | Reference req/s | p50 ms | p99 ms | SQL/req "
        "| Ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["scenarios"]:  # type: ignore[attr-defined]
        f, q, r = row["folio"], row["folio_log_off"], row["reference"]
        lines.append(
            f"| {row['scenario']} | {f['requests_per_second']:.0f} | {f['p50_ms']:.2f} "
            f"| {f['p99_ms']:.2f} | {f['errors']} | {f['statements']} | {f['rss_mib']} "
            f"| {q['requests_per_second']:.0f} | {100 * row['log_cost']:.0f} % "
            f"| {r['requests_per_second']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} "
            f"| {r['statements']} | {_ratio(row['ratio'])} |"
        )
    lines += [
        "",
        "| Page depth | Paging | req/s | p50 ms | p99 ms | errors |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for row in result["page_depth"]:  # type: ignore[attr-defined]
        if row["requests_per_second"]:
            latency = f"{row['p50_ms']:.2f} | {row['p99_ms']:.2f}"
        else:
            latency = "none answered in the run | -"
        lines.append(
            f"| {row['depth']:,} | {row['paging']} | {row['requests_per_second']:.1f} "
            f"| {latency} | {row['errors']} |"
        )
    cost = result["log_cost"]
    assert isinstance(cost, dict)
    lines += ["", format_log_cost(cost)]
    storm = result["login_storm"]
    assert isinstance(storm, dict)
    logins, live = storm["logins"], storm["liveness"]
    lines += [
        "",
        f"Login storm, {storm['concurrent_logins']} concurrent logins: "
        f"{logins['requests_per_second']:.1f} logins/s, {logins['errors']} errors, "
        f"login p99 {logins['p99_ms']:.0f} ms; meanwhile GET /api/v1/health/live "
        f"p50 {live['p50_ms']:.2f} ms, p99 {live['p99_ms']:.2f} ms, {live['errors']} errors; "
        f"Folio's peak RSS over the whole run {storm['peak_rss_mib']} MiB.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=1_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--pool-size", type=int, default=20)
    parser.add_argument(
        "--depths",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[0, 1_000, 10_000, 50_000],
        help="posts skipped before the measured page, comma-separated",
    )
    parser.add_argument("--depth-seconds", type=int, default=5)
    parser.add_argument("--storm-seconds", type=int, default=10)
    parser.add_argument("--log-pairs", type=int, default=6)
    parser.add_argument("--log-seconds", type=int, default=5)
    args = parser.parse_args()
    result = measure(args)
    folder = RESULTS / f"{args.posts}-posts"  # one latest run per dataset size
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    (folder / "latest.md").write_text(markdown(result))
    charts = draw(result, folder)
    print(f"\nWrote {folder / 'latest.json'}, {folder / 'latest.md'} and", *charts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
