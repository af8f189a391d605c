"""Sessions over HTTP, on every backend: listed, ended, and their tokens refused on both APIs
at their next use."""

import httpx

from entrypoints.composition.container import Container
from tests.e2e.client import PASSWORD, Api, bearer
from tests.e2e.conftest import promote_to_admin

FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


async def log_in(api: Api, username: str, user_agent: str = FIREFOX) -> dict[str, str]:
    response = await api.http.post(
        "/auth/login",
        json={"login": username, "password": PASSWORD},
        headers={"User-Agent": user_agent},
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_ses01_your_sessions_with_the_current_one_marked(api: Api) -> None:
    """SES-01: users can view their active sessions (ASVS 5.0.0 7.5.2)."""
    await api.register("ada")
    laptop = await log_in(api, "ada")
    await log_in(api, "ada", user_agent="curl/8.5.0")
    response = await api.http.get("/sessions", headers=bearer(laptop["access_token"]))
    assert response.status_code == 200
    sessions = response.json()["sessions"]
    assert [(s["label"], s["current"]) for s in sessions] == [
        ("curl", False),
        ("Firefox on Ubuntu", True),
    ]
    assert set(sessions[0]) == {
        "id", "label", "created_at", "last_used_at", "last_address", "current"
    }  # fmt: skip
    assert sessions[0]["last_address"] == "127.0.0.1"


async def test_ses02_ending_a_session_refuses_its_tokens_and_leaves_the_others(api: Api) -> None:
    """SES-02: users can terminate any active session, and a terminated session cannot be used
    any further, its access tokens included (ASVS 5.0.0 7.5.2, 7.4.1; RFC 9700 4.14.2)."""
    await api.register("ada")
    phone, laptop = await log_in(api, "ada"), await log_in(api, "ada")
    listed = await api.http.get("/sessions", headers=bearer(laptop["access_token"]))
    [phones] = [s["id"] for s in listed.json()["sessions"] if not s["current"]]
    ended = await api.http.delete(f"/sessions/{phones}", headers=bearer(laptop["access_token"]))
    assert ended.status_code == 204
    refused = await api.http.get("/users/me", headers=bearer(phone["access_token"]))
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    refresh = await api.http.post("/auth/refresh", json={"refresh_token": phone["refresh_token"]})
    assert refresh.status_code == 401
    assert (await api.http.get("/users/me", headers=bearer(laptop["access_token"]))).is_success
    again = await api.http.delete(f"/sessions/{phones}", headers=bearer(laptop["access_token"]))
    assert again.status_code == 404


async def test_ses03_another_accounts_session_is_404_and_a_bad_id_422(api: Api) -> None:
    """SES-03: a session id is no capability: ending another account's is refused as if it did
    not exist (ASVS 5.0.0 8.2.2; API1:2023 object-level authorization)."""
    await api.register("ada")
    await api.register("bob")
    ada, bob = await log_in(api, "ada"), await log_in(api, "bob")
    [bobs] = (await api.http.get("/sessions", headers=bearer(bob["access_token"]))).json()[
        "sessions"
    ]
    response = await api.http.delete(f"/sessions/{bobs['id']}", headers=bearer(ada["access_token"]))
    assert response.status_code == 404
    assert (await api.http.get("/users/me", headers=bearer(bob["access_token"]))).is_success
    malformed = await api.http.delete("/sessions/not-an-id", headers=bearer(ada["access_token"]))
    assert malformed.status_code == 422
    assert (await api.http.get("/sessions")).status_code == 401


async def test_ses02_logging_out_everywhere_else(api: Api) -> None:
    """SES-02: users can terminate all other sessions, or all (ASVS 5.0.0 7.5.2)."""
    await api.register("ada")
    this, other = await log_in(api, "ada"), await log_in(api, "ada")
    response = await api.http.post(
        "/auth/logout-all", params={"keep_current": "true"}, headers=bearer(this["access_token"])
    )
    assert response.status_code == 204
    assert (
        await api.http.get("/users/me", headers=bearer(other["access_token"]))
    ).status_code == 401
    [kept] = (await api.http.get("/sessions", headers=bearer(this["access_token"]))).json()[
        "sessions"
    ]
    assert kept["current"] is True
    everywhere = await api.http.post("/auth/logout-all", headers=bearer(this["access_token"]))
    assert everywhere.status_code == 204
    assert (
        await api.http.get("/users/me", headers=bearer(this["access_token"]))
    ).status_code == 401


async def test_ses04_admins_list_and_end_an_accounts_sessions(
    api: Api, container: Container
) -> None:
    """SES-04: an administrator can terminate a user's sessions (ASVS 5.0.0 7.4.5)."""
    await api.register("root")
    await promote_to_admin(container, "root")
    admin = bearer((await log_in(api, "root"))["access_token"])
    await api.register("ada")
    ada = await log_in(api, "ada")
    listed = await api.http.get("/users/ada/sessions", headers=admin)
    assert listed.status_code == 200
    [session] = listed.json()["sessions"]
    assert (session["label"], session["current"]) == ("Firefox on Ubuntu", False)
    by_member = await api.http.get("/users/root/sessions", headers=bearer(ada["access_token"]))
    assert by_member.status_code == 403
    ended = await api.http.delete(f"/users/ada/sessions/{session['id']}", headers=admin)
    assert ended.status_code == 204
    assert (await api.http.get("/users/me", headers=bearer(ada["access_token"]))).status_code == 401
    missing = await api.http.get("/users/nobody/sessions", headers=admin)
    assert missing.status_code == 404


async def test_ses02_a_conduit_login_is_a_session_ended_like_any(
    api: Api, conduit: httpx.AsyncClient
) -> None:
    await api.register("ada")
    login = {"user": {"email": "ada@example.com", "password": PASSWORD}}
    response = await conduit.post("/users/login", json=login, headers={"User-Agent": FIREFOX})
    token = {"Authorization": f"Token {response.json()['user']['token']}"}
    v1 = await log_in(api, "ada", user_agent="curl/8.5.0")
    sessions = (await api.http.get("/sessions", headers=bearer(v1["access_token"]))).json()
    [conduits] = [s for s in sessions["sessions"] if s["label"] == "Firefox on Ubuntu"]
    assert (await conduit.get("/user", headers=token)).status_code == 200
    ended = await api.http.delete(f"/sessions/{conduits['id']}", headers=bearer(v1["access_token"]))
    assert ended.status_code == 204
    assert (await conduit.get("/user", headers=token)).status_code == 401
