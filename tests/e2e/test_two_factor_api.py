"""Two-factor over HTTP, on every backend: enrolment, the login's second step, recovery codes,
turning it off, and Conduit's clear refusal (RFC 6238; ASVS 5.0.0 6.5, 6.6)."""

import time

import httpx
import pyotp

from tests.e2e.client import PASSWORD, Api, bearer

MFA_REQUIRED = "urn:folio:problem:mfa-required"
_USED_STEPS: dict[str, set[int]] = {}


def current_code(secret: str) -> str:
    """A code of a step no earlier code of this test used (each is accepted once)."""
    totp = pyotp.TOTP(secret)
    step = int(time.time()) // 30
    used = _USED_STEPS.setdefault(secret, set())
    while step in used:
        step += 1  # the next step's code: accepted within the one step of drift
    used.add(step)
    return totp.at(step * 30)


async def turn_on(api: Api, headers: dict[str, str]) -> tuple[str, list[str]]:
    started = await api.http.post("/users/me/mfa/totp", headers=headers)
    assert started.status_code == 201, started.text
    assert started.headers["cache-control"] == "no-store"
    enrolment = started.json()
    assert enrolment["qr_svg"].startswith("<svg")
    assert enrolment["otpauth_uri"].startswith("otpauth://totp/Folio:")
    confirmed = await api.http.post(
        "/users/me/mfa/totp/confirm",
        json={"code": current_code(enrolment["secret"])},
        headers=headers,
    )
    assert confirmed.status_code == 200, confirmed.text
    return enrolment["secret"], confirmed.json()["recovery_codes"]


async def test_tfa02_a_login_with_two_factor_takes_two_steps(api: Api) -> None:
    headers = await api.sign_up("ada")
    before = await api.http.get("/users/me/mfa", headers=headers)
    assert before.json() == {"on": False, "recovery_codes_left": 0}
    secret, recovery = await turn_on(api, headers)
    assert len(recovery) == 10
    first = await api.http.post("/auth/login", json={"login": "ada", "password": PASSWORD})
    assert first.status_code == 401
    problem = first.json()
    assert problem["type"] == MFA_REQUIRED
    assert "access_token" not in problem
    wrong = await api.http.post(
        "/auth/mfa", json={"challenge": problem["challenge"], "code": "000000"}
    )
    assert wrong.status_code == 401
    done = await api.http.post(
        "/auth/mfa", json={"challenge": problem["challenge"], "code": current_code(secret)}
    )
    assert done.status_code == 200, done.text
    assert (await api.http.get("/users/me", headers=bearer(done.json()["access_token"]))).is_success
    by_recovery = await api.http.post(
        "/auth/mfa", json={"challenge": problem["challenge"], "code": recovery[0]}
    )
    assert by_recovery.status_code == 200
    again = await api.http.post(
        "/auth/mfa", json={"challenge": problem["challenge"], "code": recovery[0]}
    )
    assert again.status_code == 401
    status = await api.http.get("/users/me/mfa", headers=bearer(done.json()["access_token"]))
    assert status.json() == {"on": True, "recovery_codes_left": 9}
    forged = await api.http.post("/auth/mfa", json={"challenge": "forged", "code": "123456"})
    assert forged.status_code == 401


async def test_tfa05_turning_it_off_takes_the_password_and_a_code(api: Api) -> None:
    headers = await api.sign_up("ada")
    secret, _ = await turn_on(api, headers)
    refused = await api.http.post(
        "/users/me/mfa/totp/off", json={"password": PASSWORD, "code": "000000"}, headers=headers
    )
    assert refused.status_code == 403
    off = await api.http.post(
        "/users/me/mfa/totp/off",
        json={"password": PASSWORD, "code": current_code(secret)},
        headers=headers,
    )
    assert off.status_code == 204
    assert (await api.login("ada"))["token_type"] == "bearer"


async def test_tfa08_conduit_refuses_a_two_factor_login_clearly(
    api: Api, conduit: httpx.AsyncClient
) -> None:
    headers = await api.sign_up("ada")
    await turn_on(api, headers)
    login = {"user": {"email": "ada@example.com", "password": PASSWORD}}
    response = await conduit.post("/users/login", json=login)
    assert response.status_code == 403
    [message] = response.json()["errors"]["credentials"]
    assert "/api/v1/auth/mfa" in message
