"""Step-up over HTTP, on every backend: an access token whose authentication is older than
REAUTHENTICATION_MAX_AGE_SECONDS cannot end other sessions or administer accounts until
`POST /auth/reauthenticate` (ASVS 5.0.0 7.5.2, 7.5.3; RFC 9470's challenge)."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt

from adapters.system import SystemClock
from entrypoints.composition.container import Container
from tests.e2e.client import PASSWORD, Api, bearer
from tests.e2e.conftest import promote_to_admin
from tests.signing import v1_tokens

REAUTH = "urn:folio:problem:reauthentication-required"


def authenticated_long_ago(container: Container, like: str) -> dict[str, str]:
    """The Authorization header of a token of the same account and session as `like`, as the
    server signs them, whose holder signed in ten minutes ago."""
    claims = jwt.decode(like, options={"verify_signature": False})
    tokens = v1_tokens(container.key_ring(), timedelta(minutes=15), SystemClock())
    ten_minutes_ago = datetime.now(UTC) - timedelta(minutes=10)
    issued = tokens.issue(UUID(claims["sub"]), UUID(claims["sid"]), ten_minutes_ago)
    return bearer(issued.token)


async def test_stp01_ending_another_session_asks_for_a_fresh_authentication(
    api: Api, container: Container
) -> None:
    await api.register("ada")
    laptop, phone = await api.login("ada"), await api.login("ada")
    stale = authenticated_long_ago(container, laptop["access_token"])
    sessions = (await api.http.get("/sessions", headers=stale)).json()["sessions"]
    [phones] = [s["id"] for s in sessions if not s["current"]]
    refused = await api.http.delete(f"/sessions/{phones}", headers=stale)
    assert refused.status_code == 401
    assert refused.json()["type"] == REAUTH
    assert refused.headers["www-authenticate"] == (
        'Bearer error="insufficient_user_authentication", max_age=300'
    )
    wrong = await api.http.post("/auth/reauthenticate", json={"password": "nope"}, headers=stale)
    assert wrong.status_code == 403
    again = await api.http.post("/auth/reauthenticate", json={"password": PASSWORD}, headers=stale)
    assert again.status_code == 200
    assert again.headers["cache-control"] == "no-store"
    assert set(again.json()) == {"access_token", "token_type", "expires_in"}
    fresh = bearer(again.json()["access_token"])
    assert (await api.http.delete(f"/sessions/{phones}", headers=fresh)).status_code == 204
    assert (
        await api.http.get("/users/me", headers=bearer(phone["access_token"]))
    ).status_code == 401
    # The refreshed session keeps the new authentication time.
    refreshed = await api.http.post(
        "/auth/refresh", json={"refresh_token": laptop["refresh_token"]}
    )
    logout_others = await api.http.post(
        "/auth/logout-all",
        params={"keep_current": "true"},
        headers=bearer(refreshed.json()["access_token"]),
    )
    assert logout_others.status_code == 204


async def test_stp02_admin_changes_ask_for_a_fresh_authentication(
    api: Api, container: Container
) -> None:
    await api.register("root")
    await promote_to_admin(container, "root")
    await api.register("ada")
    stale = authenticated_long_ago(container, (await api.login("root"))["access_token"])
    for method, path, body in (
        ("PATCH", "/users/ada", {"is_active": False}),
        ("DELETE", "/users/ada", None),
    ):
        response = await api.http.request(method, path, json=body, headers=stale)
        assert response.status_code == 401, (method, path)
        assert response.json()["type"] == REAUTH
    assert (await api.http.get("/users/ada/sessions", headers=stale)).status_code == 200
    again = await api.http.post("/auth/reauthenticate", json={"password": PASSWORD}, headers=stale)
    fresh = bearer(again.json()["access_token"])
    changed = await api.http.patch("/users/ada", json={"is_active": False}, headers=fresh)
    assert changed.status_code == 200
