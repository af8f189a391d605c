"""A login with two-factor against one without, in process on PostgreSQL, as shipped
(production settings, argon2id's default cost, the access log on and written to a file).

Timed per request: a login to an account without two-factor; the two steps of a login to one
with it (the password, which answers a challenge; the code, here a recovery code, as each TOTP
code is accepted once per 30 seconds); and both steps together. docs/benchmarks.md says what
they showed.

    python -m bench.two_factor [--accounts 20]
"""

import argparse
import json
import logging
import os
import secrets
import statistics
import tempfile
import time
from typing import Any

import pyotp
from asgi_lifespan import LifespanManager

from bench.asgi_driver import HOST, App, call
from tests.databases import create_postgres_database, drop_postgres_database

PASSWORD = "a bench password"  # noqa: S105 - of throwaway accounts
UNTHROTTLED = "1000000/minute"


async def post(app: App, path: str, body: dict[str, Any], token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    status, text = await call(app, "POST", path, headers, json.dumps(body).encode())
    return status, json.loads(text) if text else None


async def account(app: App, name: str, *, two_factor: bool) -> list[str]:
    """Registers `name`; with `two_factor`, turns it on: its ten recovery codes."""
    email = f"{name}@example.com"
    status, _ = await post(
        app, "/api/v1/auth/register", {"email": email, "username": name, "password": PASSWORD}
    )
    assert status == 201
    if not two_factor:
        return []
    _, tokens = await post(app, "/api/v1/auth/login", {"login": name, "password": PASSWORD})
    token = tokens["access_token"]
    _, enrolment = await post(app, "/api/v1/users/me/mfa/totp", {}, token)
    code = pyotp.TOTP(enrolment["secret"]).now()
    status, confirmed = await post(app, "/api/v1/users/me/mfa/totp/confirm", {"code": code}, token)
    assert status == 200, confirmed
    return list(confirmed["recovery_codes"])


def timed(started: float) -> float:
    return (time.perf_counter() - started) * 1000


async def measure(accounts: int) -> None:
    url = await create_postgres_database()
    os.environ.update(
        DATABASE_URL=url,
        JWT_SECRET=secrets.token_urlsafe(48),
        APP_ENV="production",
        ALLOWED_HOSTS=HOST,
        THROTTLE_LOGINS_PER_ADDRESS=UNTHROTTLED,
        THROTTLE_REGISTRATIONS_PER_ADDRESS=UNTHROTTLED,
    )
    from entrypoints.host.app import create_app

    app = create_app()
    try:
        with tempfile.NamedTemporaryFile("w", prefix="folio-2fa-", suffix=".log") as access_log:
            logging.getLogger().handlers[0].setStream(access_log)  # type: ignore[attr-defined]
            async with LifespanManager(app):
                await compare(app, accounts)
    finally:
        await drop_postgres_database(url)


async def compare(app: App, accounts: int) -> None:
    await account(app, "plain", two_factor=False)
    codes = {f"user{n}": await account(app, f"user{n}", two_factor=True) for n in range(accounts)}
    plain, password_step, code_step, whole = [], [], [], []
    for name, recovery in codes.items():
        for code in recovery:
            started = time.perf_counter()
            status, _ = await post(
                app, "/api/v1/auth/login", {"login": "plain", "password": PASSWORD}
            )
            plain.append(timed(started))
            assert status == 200
            started = time.perf_counter()
            status, problem = await post(
                app, "/api/v1/auth/login", {"login": name, "password": PASSWORD}
            )
            password_step.append(timed(started))
            assert status == 401, problem
            second = time.perf_counter()
            status, tokens = await post(
                app, "/api/v1/auth/mfa", {"challenge": problem["challenge"], "code": code}
            )
            code_step.append(timed(second))
            whole.append(timed(started))
            assert status == 200, tokens
    print(f"{'login, ms (' + str(len(plain)) + ' each)':36} {'p50':>7} {'p99':>7}")
    for label, values in (
        ("without two-factor", plain),
        ("with two-factor: the password step", password_step),
        ("with two-factor: the code step", code_step),
        ("with two-factor: both steps", whole),
    ):
        p99 = statistics.quantiles(values, n=100)[98]
        print(f"{label:36} {statistics.median(values):7.1f} {p99:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.two_factor")
    parser.add_argument("--accounts", type=int, default=20, help="each gives ten logins")
    args = parser.parse_args()
    import uvloop

    uvloop.run(measure(args.accounts))


if __name__ == "__main__":
    main()
