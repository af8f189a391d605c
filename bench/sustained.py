"""`python -m bench.sustained` (part of `make bench`): one `folio serve` as users run it
(production settings, the default pool of 10, the JSON access log on) under 64 connections for
`--minutes`, every request one of the read scenarios in turn. It holds when no response is a 5xx
and the 99th percentile stays under ten times the median: a request that waits out the request
deadline shows in both. Exits 1 when it does not hold."""

import argparse
import asyncio
import re
import secrets
import signal
import sys
import tempfile
from pathlib import Path

from bench.__main__ import folio_serve, log_in, prepare, wait_ready
from bench.scenarios import Scenario, Tokens, scenarios
from bench.seed import BENCH_PASSWORD, BENCH_USER
from bench.wrk import Load, find_wrk, run
from tests.databases import drop_postgres_database
from tests.served import THROTTLE_FOR_ONE_CLIENT
from tests.support import free_port

TAIL_LIMIT = 10  # p99 / p50

# Counts 5xx responses in every wrk thread and prints their sum after wrk's own report.
_COUNT_SERVER_ERRORS = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
server_errors = 0
function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("server_errors") end
  io.write(string.format("Server errors: %d\\n", total))
end
"""


def rotating_script(plan: list[Scenario], tokens: Tokens) -> str:
    """A wrk script sending each scenario's request in turn."""
    requests = []
    for scenario in plan:
        headers = ", ".join(
            f'["{name}"] = "{value}"' for name, value in scenario.authorization(tokens).items()
        )
        requests.append(f'wrk.format("{scenario.method}", "{scenario.path}", {{{headers}}})')
    # Built in init: before it, wrk.headers has no Host yet.
    return (
        "local requests = {}\n"
        "local next_request = 0\n"
        f"function init(args) requests = {{{', '.join(requests)}}} end\n"
        "function request()\n"
        "  next_request = next_request % #requests + 1\n"
        "  return requests[next_request]\n"
        "end\n" + _COUNT_SERVER_ERRORS
    )


def server_errors(report: str) -> int:
    match = re.search(r"Server errors: (\d+)", report)
    if match is None:
        raise ValueError("wrk's report has no count of server errors")
    return int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--posts", type=int, default=1_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    find_wrk()
    url, sample_slug = asyncio.run(prepare(args.posts, args.users))
    port = free_port()
    env = {
        "DATABASE_URL": url,
        "JWT_SECRET": secrets.token_urlsafe(48),
        "APP_ENV": "production",
        "ALLOWED_HOSTS": "127.0.0.1",
        **THROTTLE_FOR_ONE_CLIENT,
    }
    log = Path(tempfile.mkdtemp(prefix="folio-sustained-")) / "folio.log"
    server = folio_serve(port, env, log)
    origin = f"http://127.0.0.1:{port}"
    try:
        wait_ready(f"{origin}/api/v1/posts?limit=1")
        tokens = log_in(origin)
        plan = [
            scenario
            for scenario in scenarios(sample_slug, BENCH_USER, BENCH_PASSWORD)
            if scenario.method == "GET"
        ]
        report: list[str] = []
        load = run(
            origin + plan[0].path,
            rotating_script(plan, tokens),
            seconds=round(args.minutes * 60),
            connections=args.connections,
            report=report,
        )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)
        asyncio.run(drop_postgres_database(url))
    errors = server_errors(report[0])
    print(summary(load, errors, args), flush=True)
    return 0 if holds(load, errors) else 1


def holds(load: Load, errors: int) -> bool:
    return errors == 0 and load.p99_ms < TAIL_LIMIT * load.p50_ms


def summary(load: Load, errors: int, args: argparse.Namespace) -> str:
    verdict = "holds" if holds(load, errors) else "DOES NOT HOLD"
    return (
        f"sustained reads, {args.minutes:g} min at {args.connections} connections: "
        f"{load.requests_per_second:.0f} req/s, {errors} responses 5xx, "
        f"{load.errors} not 2xx or socket errors, p50 {load.p50_ms:.2f} ms, "
        f"p99 {load.p99_ms:.2f} ms (p99/p50 {load.p99_ms / load.p50_ms:.1f}, "
        f"limit {TAIL_LIMIT}): {verdict}"
    )


if __name__ == "__main__":
    sys.exit(main())
