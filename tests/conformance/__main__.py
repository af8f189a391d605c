"""Starts `folio serve` on a free loopback port over a fresh throwaway database, runs the
official RealWorld (Conduit) suite against it, stops the server, and exits with the suite's
status: 0 only when every request passed. `--backend proxy` runs it through a real nginx in
front of two instances and a worker on PostgreSQL and Redis, as docs/deploy.md describes.

The suite is not part of this repository. It is taken from REALWORLD_SUITE, or else from a
`shared/conformance` folder beside this checkout (or the local repository it was cloned from)
or beside one of their parent folders."""

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.databases import create_postgres_database, drop_postgres_database, run_sync
from tests.proxy import PROXY_SOURCE, nginx_in_front_of
from tests.served import THROTTLE_FOR_ONE_CLIENT, folio_serve, folio_worker, server_environment
from tests.support import free_port, redis_url

ROOT = Path(__file__).resolve().parents[2]
RUNNER = "run-realworld"
EXIT_NOT_FOUND = 3


def find_suite() -> Path | None:
    configured = os.environ.get("REALWORLD_SUITE")
    if configured:
        candidates = [Path(configured)]
    else:
        # Beside this checkout, or beside the local repository it was cloned from.
        roots = [ROOT, *_local_origin()]
        candidates = [f / "shared" / "conformance" for root in roots for f in root.parents]
    return next((c for c in candidates if (c / RUNNER).is_file()), None)


def _local_origin() -> list[Path]:
    command = ["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    url = result.stdout.strip().removeprefix("file://")
    return [Path(url)] if url.startswith("/") and Path(url).is_dir() else []


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.conformance")
    parser.add_argument(
        "--backend", choices=["memory", "sqlite", "postgres", "proxy"], default="sqlite"
    )
    parser.add_argument("--locate", action="store_true", help="only say where the suite is")
    args = parser.parse_args()
    suite = find_suite()
    if suite is None:
        print(
            f"RealWorld suite not found: set REALWORLD_SUITE to the folder holding {RUNNER}.",
            file=sys.stderr,
        )
        return EXIT_NOT_FOUND
    if args.locate:
        print(f"RealWorld suite: {suite}")
        return 0
    backend = args.backend
    on_postgres = backend in ("postgres", "proxy")
    with tempfile.TemporaryDirectory() as data_dir:
        if on_postgres:
            url = run_sync(create_postgres_database())
        elif backend == "sqlite":
            url = f"sqlite+aiosqlite:///{data_dir}/folio.db"
        else:
            url = "memory://"
        try:
            if backend == "proxy":
                return run_behind_a_proxy(suite, url, Path(data_dir))
            return run_suite(suite, url, data_dir)
        finally:
            if on_postgres:
                run_sync(drop_postgres_database(url))


def run_suite(suite: Path, database_url: str, data_dir: str) -> int:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": data_dir,
        "JWT_SECRET": secrets.token_urlsafe(48),
        "LOG_LEVEL": "WARNING",
        # The suite signs up and logs in dozens of users from one address in a minute; the
        # throttle's defaults are for the open internet.
        **THROTTLE_FOR_ONE_CLIENT,
    }
    folio = Path(sys.executable).parent / "folio"
    server = subprocess.Popen(  # noqa: S603 - our own console script
        [str(folio), "serve", "--host", "127.0.0.1", "--port", str(port)], env=env
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        if not wait_until_ready(origin, server):
            print("folio serve did not become ready", file=sys.stderr)
            return 2
        print(f"Running the RealWorld suite from {suite} against {origin} ({database_url})")
        return subprocess.run([str(suite / RUNNER), origin], check=False).returncode  # noqa: S603
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def run_behind_a_proxy(suite: Path, database_url: str, data_dir: Path) -> int:
    shared = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url(),
        "THROTTLE_KEY_PREFIX": f"folio-conformance-{secrets.token_hex(4)}",
        "FORWARDED_ALLOW_IPS": PROXY_SOURCE,
        "JWT_SECRET": secrets.token_urlsafe(48),
        "LOG_LEVEL": "WARNING",
        **THROTTLE_FOR_ONE_CLIENT,
    }
    first, second = (server_environment(data_dir / name, **shared) for name in ("a", "b"))
    with (
        folio_serve(first) as one,
        folio_serve(second) as other,
        folio_worker(first),
        nginx_in_front_of([one.removeprefix("http://"), other.removeprefix("http://")]) as proxy,
    ):
        print(f"Running the RealWorld suite from {suite} against nginx at {proxy}, in front of")
        print(f"{one} and {other} ({database_url}, Redis)")
        return subprocess.run([str(suite / RUNNER), proxy], check=False).returncode  # noqa: S603


def wait_until_ready(origin: str, server: subprocess.Popen[bytes], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{origin}/api/v1/health/ready").status_code == 200:
                return True
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    return False


if __name__ == "__main__":
    sys.exit(main())
