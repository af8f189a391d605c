"""The audit trail over HTTP, on every backend (ASVS 5.0.0 16.3.1, 16.2.5: security events
logged with who, when and where, and never a secret)."""

from entrypoints.composition.container import Container
from tests.e2e.client import PASSWORD, Api, bearer
from tests.e2e.conftest import promote_to_admin

FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


async def test_aud01_your_security_events_say_who_when_and_from_where(api: Api) -> None:
    await api.register("ada")
    wrong = await api.http.post(
        "/auth/login", json={"login": "ada", "password": "not it"}, headers={"User-Agent": FIREFOX}
    )
    assert wrong.status_code == 401
    login = await api.http.post(
        "/auth/login",
        json={"login": "ada", "password": PASSWORD},
        headers={"User-Agent": FIREFOX, "X-Request-ID": "login-from-firefox"},
    )
    tokens = login.json()
    response = await api.http.get(
        "/users/me/security-events", headers=bearer(tokens["access_token"])
    )
    assert response.status_code == 200
    succeeded, failed = response.json()["items"]
    assert (succeeded["kind"], failed["kind"]) == ("login.succeeded", "login.failed")
    assert succeeded["actor_id"] == succeeded["target_id"] == failed["target_id"]
    assert failed["actor_id"] is None
    assert (succeeded["address"], succeeded["user_agent"], succeeded["request_id"]) == (
        "127.0.0.1",
        FIREFOX,
        "login-from-firefox",
    )
    assert set(failed["details"]) == {"reason", "login_fingerprint"}
    text = response.text
    for secret in (PASSWORD, "not it", "ada@example.com", tokens["access_token"]):
        assert secret not in text


async def test_aud02_admins_filter_and_page_the_whole_trail(api: Api, container: Container) -> None:
    await api.register("root")
    await promote_to_admin(container, "root")
    admin = bearer((await api.login("root"))["access_token"])
    await api.register("ada")
    ada = bearer((await api.login("ada"))["access_token"])
    ada_id = (await api.http.get("/users/me", headers=ada)).json()["id"]
    root_id = (await api.http.get("/users/me", headers=admin)).json()["id"]
    assert (await api.http.patch("/users/ada", json={"is_active": False}, headers=admin)).is_success
    deactivated = await api.http.get(
        "/admin/audit", params={"kind": "account.deactivated"}, headers=admin
    )
    [event] = deactivated.json()["items"]
    assert (event["actor_id"], event["target_id"]) == (root_id, ada_id)
    about_ada = await api.http.get("/admin/audit", params={"target_id": ada_id}, headers=admin)
    assert [e["kind"] for e in about_ada.json()["items"]] == [
        "account.deactivated",
        "login.succeeded",
    ]
    first = (await api.http.get("/admin/audit", params={"limit": 1}, headers=admin)).json()
    rest = await api.http.get(
        "/admin/audit", params={"limit": 10, "cursor": first["next_cursor"]}, headers=admin
    )
    ids = [e["id"] for e in first["items"] + rest.json()["items"]]
    assert len(ids) == len(set(ids)) == 3
    unknown_kind = await api.http.get("/admin/audit", params={"kind": "nonsense"}, headers=admin)
    assert unknown_kind.status_code == 422
    await api.register("bob")
    bob = bearer((await api.login("bob"))["access_token"])
    assert (await api.http.get("/admin/audit", headers=bob)).status_code == 403
    backwards = {"since": "2026-12-02T00:00:00Z", "until": "2026-12-01T00:00:00Z"}
    assert (await api.http.get("/admin/audit", params=backwards, headers=admin)).status_code == 422
