"""CPU time per request, in process: Folio's ASGI app as shipped (production settings, the
access log on, written to a file) and the reference's, each driven one request at a time on
one seeded PostgreSQL database. No network and no load generator share the machine, so the
figures are steady enough to compare one change with the next; throughput on a busy core
comes down to them. docs/benchmarks.md says what they showed.

    python -m bench.cpu [--posts 20000] [--requests 2000]
"""

import argparse
import json
import logging
import os
import secrets
import tempfile
import time
from typing import Any

from asgi_lifespan import LifespanManager
from sqlalchemy import make_url

from bench.asgi_driver import HOST, App, call
from bench.scenarios import Scenario, Tokens, scenarios
from bench.seed import BENCH_PASSWORD, BENCH_USER, seed
from tests.databases import create_postgres_database, drop_postgres_database


async def cpu_per_request(app: App, scenario: Scenario, tokens: Tokens, requests: int) -> float:
    headers = {"Content-Type": "application/json", **scenario.authorization(tokens)}
    for _ in range(max(50, requests // 10)):  # warm caches and pools
        status, text = await call(app, scenario.method, scenario.path, headers, b"")
        assert status == 200, (scenario.name, status, text)
    started = time.process_time()
    for _ in range(requests):
        await call(app, scenario.method, scenario.path, headers, b"")
    return (time.process_time() - started) / requests * 1e6


async def log_in(app: App) -> Tokens:
    async def token(path: str, body: dict[str, Any]) -> Any:
        headers = {"Content-Type": "application/json"}
        status, text = await call(app, "POST", path, headers, json.dumps(body).encode())
        assert status == 200, text
        return json.loads(text)

    v1 = await token("/api/v1/auth/login", {"login": BENCH_USER, "password": BENCH_PASSWORD})
    email = f"{BENCH_USER}@example.com"
    conduit = await token(
        "/api/users/login", {"user": {"email": email, "password": BENCH_PASSWORD}}
    )
    return Tokens(v1=v1["access_token"], conduit=conduit["user"]["token"])


async def measure(posts: int, requests: int) -> None:
    url = await create_postgres_database()
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        seeded = await seed(dsn, users=1_000, posts=posts)
        os.environ.update(
            DATABASE_URL=url,
            REFERENCE_DSN=dsn,
            JWT_SECRET=secrets.token_urlsafe(48),
            APP_ENV="production",
            ALLOWED_HOSTS=HOST,
        )
        from bench.reference.app import app as reference  # reads its settings on import
        from entrypoints.host.app import create_app

        folio = create_app()
        with tempfile.NamedTemporaryFile("w", prefix="folio-cpu-", suffix=".log") as access_log:
            logging.getLogger().handlers[0].setStream(access_log)  # type: ignore[attr-defined]
            async with LifespanManager(folio), LifespanManager(reference):
                await compare(folio, reference, seeded.sample_slug, requests)
    finally:
        await drop_postgres_database(url)


async def compare(folio: App, reference: App, sample_slug: str, requests: int) -> None:
    tokens = await log_in(folio)
    print(f"{'scenario':32} {'Folio us':>9} {'reference us':>13} {'ratio':>6}")
    for scenario in scenarios(sample_slug, BENCH_USER, BENCH_PASSWORD):
        if scenario.method != "GET":
            continue
        ours = await cpu_per_request(folio, scenario, tokens, requests)
        theirs = await cpu_per_request(reference, scenario, tokens, requests)
        print(f"{scenario.name:32} {ours:9.0f} {theirs:13.0f} {theirs / ours:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cpu")
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=2_000)
    args = parser.parse_args()
    import uvloop

    uvloop.run(measure(args.posts, args.requests))


if __name__ == "__main__":
    main()
