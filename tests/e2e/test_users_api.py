from entrypoints.composition.container import Container
from tests.e2e.client import PASSWORD, Api, bearer
from tests.e2e.conftest import promote_to_admin

PROFILE_KEYS = {"username", "bio", "image", "following"}


async def test_reading_and_updating_my_account(api: Api) -> None:
    headers = await api.sign_up("ada")
    assert (await api.http.get("/users/me", headers=headers)).json()["username"] == "ada"
    response = await api.http.patch(
        "/users/me",
        json={"bio": "Hello", "image": "https://img.example/a.png", "username": "ada2"},
        headers=headers,
    )
    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("bio", "image", "username")} == {
        "bio": "Hello",
        "image": "https://img.example/a.png",
        "username": "ada2",
    }
    cleared = await api.http.patch("/users/me", json={"image": ""}, headers=headers)
    assert cleared.json()["image"] is None


async def test_my_account_needs_a_token(api: Api) -> None:
    for response in (
        await api.http.get("/users/me"),
        await api.http.patch("/users/me", json={"bio": "x"}),
        await api.http.put("/users/me/password", json={}),
    ):
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


async def test_taking_a_taken_username_is_409_and_bad_values_422(api: Api) -> None:
    await api.register("bob")
    headers = await api.sign_up("ada")
    taken = await api.http.patch("/users/me", json={"username": "BOB"}, headers=headers)
    assert taken.status_code == 409
    for body in ({"username": "x"}, {"bio": "x" * 1001}, {"image": "ftp://x"}, {"email": "nope"}):
        response = await api.http.patch("/users/me", json=body, headers=headers)
        assert response.status_code == 422, body


async def test_auth05_changing_the_email_needs_the_current_password(api: Api) -> None:
    headers = await api.sign_up("ada")
    missing = await api.http.patch("/users/me", json={"email": "new@x.io"}, headers=headers)
    assert missing.status_code == 422
    wrong = await api.http.patch(
        "/users/me",
        json={"email": "new@x.io", "current_password": "wrong password"},
        headers=headers,
    )
    assert wrong.status_code == 403
    ok = await api.http.patch(
        "/users/me", json={"email": "new@x.io", "current_password": PASSWORD}, headers=headers
    )
    assert (ok.status_code, ok.json()["email"]) == (200, "new@x.io")


async def test_ac04_profiles_show_only_public_fields_and_following(api: Api) -> None:
    ada = await api.sign_up("ada")
    await api.register("bob")
    anonymous = await api.http.get("/users/bob")
    assert anonymous.status_code == 200
    assert set(anonymous.json()) == PROFILE_KEYS
    followed = await api.http.post("/users/bob/follow", headers=ada)
    assert (followed.status_code, followed.json()["following"]) == (200, True)
    assert (await api.http.get("/users/bob", headers=ada)).json()["following"] is True
    assert (await api.http.get("/users/bob")).json()["following"] is False
    unfollowed = await api.http.delete("/users/bob/follow", headers=ada)
    assert (unfollowed.status_code, unfollowed.json()["following"]) == (200, False)


async def test_profiles_and_follows_of_unknown_users_are_404(api: Api) -> None:
    ada = await api.sign_up("ada")
    assert (await api.http.get("/users/nobody")).status_code == 404
    assert (await api.http.post("/users/nobody/follow", headers=ada)).status_code == 404
    assert (await api.http.delete("/users/nobody/follow", headers=ada)).status_code == 404
    assert (await api.http.post("/users/bob/follow")).status_code == 401


async def test_following_yourself_is_422(api: Api) -> None:
    ada = await api.sign_up("ada")
    assert (await api.http.post("/users/ada/follow", headers=ada)).status_code == 422


async def test_ac02_admin_endpoints_need_a_token_and_the_admin_role(api: Api) -> None:
    member = await api.sign_up("ada")
    await api.register("bob")
    for method, path, body in (
        ("GET", "/users", None),
        ("PATCH", "/users/bob", {"role": "admin"}),
        ("DELETE", "/users/bob", None),
    ):
        anonymous = await api.http.request(method, path, json=body)
        assert anonymous.status_code == 401, path
        forbidden = await api.http.request(method, path, json=body, headers=member)
        assert forbidden.status_code == 403, path
    assert (await api.http.get("/users/bob")).status_code == 200


async def test_admins_list_search_and_page_accounts(api: Api, container: Container) -> None:
    await api.register("root")
    await promote_to_admin(container, "root")
    admin = bearer((await api.login("root"))["access_token"])
    for name in ("ada", "adam", "bob"):
        await api.register(name)
    everyone = await api.http.get("/users", headers=admin)
    assert [a["username"] for a in everyone.json()["items"]] == ["bob", "adam", "ada", "root"]
    found = await api.http.get("/users", params={"q": "ad"}, headers=admin)
    assert [a["username"] for a in found.json()["items"]] == ["adam", "ada"]
    first = (await api.http.get("/users", params={"limit": 3}, headers=admin)).json()
    rest = await api.http.get("/users", params={"cursor": first["next_cursor"]}, headers=admin)
    assert [a["username"] for a in rest.json()["items"]] == ["root"]
    assert rest.json()["next_cursor"] is None


async def test_admins_change_roles_deactivate_and_delete(api: Api, container: Container) -> None:
    await api.register("root")
    await promote_to_admin(container, "root")
    admin = bearer((await api.login("root"))["access_token"])
    ada_tokens = (await api.register("ada"), await api.login("ada"))[1]
    promoted = await api.http.patch("/users/ada", json={"role": "admin"}, headers=admin)
    assert (promoted.status_code, promoted.json()["role"]) == (200, "admin")
    deactivated = await api.http.patch("/users/ada", json={"is_active": False}, headers=admin)
    assert (deactivated.status_code, deactivated.json()["is_active"]) == (200, False)
    locked = await api.http.post("/auth/login", json={"login": "ada", "password": PASSWORD})
    assert locked.status_code == 403
    assert (
        await api.http.get("/users/me", headers=bearer(ada_tokens["access_token"]))
    ).status_code == 401
    reactivated = await api.http.patch("/users/ada", json={"is_active": True}, headers=admin)
    assert reactivated.json()["is_active"] is True
    await api.login("ada")
    unchanged = await api.http.patch("/users/ada", json={}, headers=admin)
    assert (unchanged.status_code, unchanged.json()["is_active"]) == (200, True)
    assert (await api.http.delete("/users/ada", headers=admin)).status_code == 204
    assert (await api.http.get("/users/ada")).status_code == 404
    assert (await api.http.delete("/users/ada", headers=admin)).status_code == 404
    assert (
        await api.http.patch("/users/ada", json={"role": "member"}, headers=admin)
    ).status_code == 404


async def test_tok09_a_deleted_users_token_stops_working(api: Api, container: Container) -> None:
    await api.register("root")
    await promote_to_admin(container, "root")
    admin = bearer((await api.login("root"))["access_token"])
    ada = await api.sign_up("ada")
    await api.http.delete("/users/ada", headers=admin)
    assert (await api.http.get("/users/me", headers=ada)).status_code == 401
