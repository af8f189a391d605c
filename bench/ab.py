"""Two trees of Folio compared in CPU per request, in process: did a change make any read
slower? Each tree's app runs in its own process (bench/asgi_driver.py, PYTHONHASHSEED=0,
production settings, access log on) on a PostgreSQL database at its own tree's schema, every
one seeded alike; the runs alternate in short bursts, so a drift of the machine (another
process, a warmer cache, a throttled core) lands on every side alike. The "before" tree runs
twice, in two processes: how far its two copies differ is what the machine can resolve,
printed beside each change.

    python -m bench.ab --before TREE --after TREE [--posts 100000] [--rounds 10] [--burst 100]
        [--count 20]
        [--before-app MODULE:FACTORY] [--after-app MODULE:FACTORY]
        [--before-env NAME=VALUE ...] [--after-env NAME=VALUE ...]

Each side signs in on its own app and reads with its own tokens. `--before-env` and
`--after-env` set a side's settings: the same tree twice, with `--after-env
JWT_ALGORITHM=HS256`, weighs one setting.

A tree is a checkout (for example `git worktree add ../before COMMIT`); the virtualenv running
this command runs every side, so the trees must need the same dependencies.
"""

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import make_url

from bench.asgi_driver import HOST
from bench.scenarios import Scenario, Tokens, scenarios
from bench.seed import BENCH_PASSWORD, BENCH_USER, seed
from tests.databases import create_postgres_database, drop_postgres_database

DRIVER = Path(__file__).with_name("asgi_driver.py")
APP = "entrypoints.host.app:create_app"


@dataclass
class Side:
    """One tree's app in a process of its own, answering bursts."""

    name: str
    process: subprocess.Popen[str]

    @classmethod
    def start(cls, name: str, tree: Path, factory: str, environment: dict[str, str]) -> "Side":
        process = subprocess.Popen(  # noqa: S603 - this interpreter, the driver beside it
            [sys.executable, str(DRIVER), factory],
            cwd=tree,
            env={**environment, "PYTHONPATH": str(tree), "PYTHONHASHSEED": "0"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        side = cls(name, process)
        ready = side.read()["ready"]
        if not Path(ready).is_relative_to(tree):  # the tree's packages, not an installed copy
            raise SystemExit(f"{name}: the app came from {ready}, not from {tree}")
        return side

    def ask(
        self, scenario: Scenario, tokens: Tokens | None, requests: int, *, counted: bool = False
    ) -> dict[str, Any]:
        headers = {"Content-Type": "application/json", **scenario.authorization(tokens)}
        assert self.process.stdin is not None
        ask = {
            "method": scenario.method,
            "path": scenario.path,
            "headers": headers,
            "body": scenario.body,
            "requests": requests,
            "count": counted,
        }
        self.process.stdin.write(json.dumps(ask) + "\n")
        self.process.stdin.flush()
        answer = self.read()
        if answer["status"] != 200:
            raise SystemExit(f"{self.name}: {scenario.name} answered {answer['status']}")
        return answer

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the process ended (exit {self.process.wait()})")
        return json.loads(line)  # type: ignore[no-any-return]

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def log_in(side: Side) -> Tokens:
    email = f"{BENCH_USER}@example.com"
    v1 = Scenario(
        "v1 log-in",
        "POST",
        "/api/v1/auth/login",
        body={"login": BENCH_USER, "password": BENCH_PASSWORD},
    )
    conduit = Scenario(
        "Conduit log-in",
        "POST",
        "/api/users/login",
        body={"user": {"email": email, "password": BENCH_PASSWORD}},
    )
    return Tokens(
        v1=json.loads(side.ask(v1, None, 1)["body"])["access_token"],
        conduit=json.loads(side.ask(conduit, None, 1)["body"])["user"]["token"],
    )


def compare(sides: list[Side], reads: list[Scenario], rounds: int, burst: int, count: int) -> None:
    """Per scenario, first the bytecode each side runs for `count` requests; then `rounds`
    rounds of one burst on every side, in an order that turns each round. A side's figures are
    its CPU and its bytecode over the first side's ("before")."""
    tokens = [log_in(side) for side in sides]
    others = [side.name for side in sides[1:]]
    print(f"{'':30} {'CPU per request':>{10 + 23 * len(others)}} {'bytecode per request':>34}")
    print(
        f"{'scenario':30} {'before us':>9}"
        + "".join(f" {name:>22}" for name in others)
        + f" {'before':>9}"
        + "".join(f" {name:>13}" for name in others)
    )
    for scenario in reads:
        for side, own in zip(sides, tokens, strict=True):
            side.ask(scenario, own, burst)  # warm caches and pools
        opcodes = [
            side.ask(scenario, own, count, counted=True)["opcodes"]
            for side, own in zip(sides, tokens, strict=True)
        ]
        ratios: list[list[float]] = [[] for _ in others]
        before: list[float] = []
        for turn in range(rounds):
            cpu = {}
            for index in [(turn + k) % len(sides) for k in range(len(sides))]:
                cpu[index] = sides[index].ask(scenario, tokens[index], burst)["cpu"]
            before.append(cpu[0] / burst * 1e6)
            for index, found in enumerate(ratios, start=1):
                found.append(cpu[index] / cpu[0])
        print(
            f"{scenario.name:30} {statistics.median(before):9.0f}"
            + "".join(f" {spread(found):>22}" for found in ratios)
            + f" {opcodes[0] // count:9d}"
            + "".join(f" {percent(other / opcodes[0]):>13}" for other in opcodes[1:]),
            flush=True,
        )


def settings(assignments: list[str]) -> dict[str, str]:
    return dict(assignment.split("=", 1) for assignment in assignments)


def spread(ratios: list[float]) -> str:
    """The median change, and the middle half of the rounds' changes."""
    low, _, high = statistics.quantiles(ratios, n=4)
    return f"{percent(statistics.median(ratios))} ({percent(low)}..{percent(high)})"


def percent(ratio: float) -> str:
    return f"{(ratio - 1) * 100:+.1f}%"


def seeded_database(tree: Path, posts: int) -> tuple[str, str]:
    """A new database at the schema of `tree`'s own migrations (a tree refuses to run on
    another's), seeded with `posts` posts: its URL and the sample post's slug. The seed is the
    same for every tree: the same rows, ids and slugs."""
    url = asyncio.run(create_postgres_database(migrate=False))
    subprocess.run(  # noqa: S603 - this interpreter, the tree's own migrations
        [
            sys.executable,
            "-c",
            "import asyncio, sys; from tests.databases import migrated; "
            "asyncio.run(migrated(sys.argv[1]))",
            url,
        ],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        check=True,
    )
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return url, asyncio.run(seed(dsn, users=1_000, posts=posts)).sample_slug


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ab")
    parser.add_argument("--before", type=Path, required=True)
    parser.add_argument("--after", type=Path, required=True)
    parser.add_argument("--before-app", default=APP)
    parser.add_argument("--after-app", default=APP)
    parser.add_argument("--before-env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--after-env", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--count", type=int, default=20, help="requests whose bytecode counts")
    args = parser.parse_args()
    before, after = args.before.resolve(), args.after.resolve()
    before_url, sample_slug = seeded_database(before, args.posts)
    after_url, after_slug = seeded_database(after, args.posts)
    assert after_slug == sample_slug, "the seed must give both sides the same rows"
    environment = {
        **os.environ,
        "JWT_SECRET": secrets.token_urlsafe(48),
        "APP_ENV": "production",
        "ALLOWED_HOSTS": HOST,
    }
    sides: list[Side] = []
    try:
        on_before = {**environment, **settings(args.before_env), "DATABASE_URL": before_url}
        sides.append(Side.start("before", before, args.before_app, on_before))
        sides.append(Side.start("before, again", before, args.before_app, on_before))
        on_after = {**environment, **settings(args.after_env), "DATABASE_URL": after_url}
        sides.append(Side.start("after", after, args.after_app, on_after))
        reads = [s for s in scenarios(sample_slug, BENCH_USER, BENCH_PASSWORD) if s.method == "GET"]
        compare(sides, reads, args.rounds, args.burst, args.count)
    finally:
        for side in sides:
            side.stop()
        for url in (before_url, after_url):
            asyncio.run(drop_postgres_database(url))


if __name__ == "__main__":
    main()
