import asyncio
from datetime import timedelta

import pytest
from dependency_injector import providers

from domain.users import PASSWORD_MAX
from entrypoints.composition.container import Container
from tests.e2e.client import PASSWORD, Api, bearer
from tests.fakes import FakeClock


async def test_registering_returns_the_account_without_secrets(api: Api) -> None:
    response = await api.http.post(
        "/auth/register", json={"email": "Ada@Example.com", "username": "Ada", "password": PASSWORD}
    )
    assert response.status_code == 201
    account = response.json()
    assert set(account) == {
        "id",
        "email",
        "username",
        "bio",
        "image",
        "role",
        "is_active",
        "email_verified",
        "created_at",
        "updated_at",
    }
    assert (account["email"], account["username"], account["role"]) == (
        "ada@example.com",
        "Ada",
        "member",
    )


@pytest.mark.parametrize(
    "clash",
    [{"email": "ADA@example.com", "username": "other"}, {"email": "o@x.io", "username": "aDA"}],
)
async def test_registering_a_taken_email_or_username_in_any_case_is_409(
    api: Api, clash: dict[str, str]
) -> None:
    await api.register("ada")
    response = await api.http.post("/auth/register", json={**clash, "password": PASSWORD})
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 409


@pytest.mark.parametrize(
    "body",
    [
        {"email": "not-an-email", "username": "ada", "password": PASSWORD},
        {"email": "a@x.io", "username": "a", "password": PASSWORD},
        {"email": "a@x.io", "username": "ada", "password": "short"},
        {"email": "a@x.io", "username": "ada"},
        {"email": "a@x.io", "username": "ada", "password": PASSWORD, "role": "admin"},
    ],
)
async def test_invalid_registrations_are_422_with_field_errors(
    api: Api, body: dict[str, str]
) -> None:
    response = await api.http.post("/auth/register", json=body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"]
    assert all(set(e) == {"loc", "msg"} for e in problem["errors"])
    assert PASSWORD not in response.text


async def test_logging_in_returns_a_bearer_token_pair_that_is_not_cached(api: Api) -> None:
    await api.register("ada")
    response = await api.http.post("/auth/login", json={"login": "ADA", "password": PASSWORD})
    assert response.status_code == 200
    tokens = response.json()
    assert set(tokens) == {"access_token", "refresh_token", "token_type", "expires_in"}
    assert (tokens["token_type"], tokens["expires_in"]) == ("bearer", 900)
    assert response.headers["cache-control"] == "no-store"
    me = await api.http.get("/users/me", headers=bearer(tokens["access_token"]))
    assert me.json()["username"] == "ada"


async def test_auth01_unknown_account_and_wrong_password_get_the_same_401(api: Api) -> None:
    await api.register("ada")
    same_id = {"X-Request-ID": "fixed-id"}
    unknown = await api.http.post(
        "/auth/login", json={"login": "nobody", "password": PASSWORD}, headers=same_id
    )
    wrong = await api.http.post(
        "/auth/login", json={"login": "ada", "password": "wrong password"}, headers=same_id
    )
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()
    assert unknown.headers == wrong.headers


async def test_the_oauth2_password_form_logs_in_too(api: Api) -> None:
    await api.register("ada")
    ok = await api.http.post("/auth/token", data={"username": "ada", "password": PASSWORD})
    assert ok.status_code == 200
    assert ok.headers["cache-control"] == "no-store"
    bad = await api.http.post("/auth/token", data={"username": "ada", "password": "nope nope"})
    assert bad.status_code == 401
    assert bad.headers["www-authenticate"] == "Bearer"


async def test_rt01_rt02_refresh_rotates_and_reuse_revokes_the_family(
    api: Api, container: Container
) -> None:
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    await api.register("ada")
    first = await api.login("ada")
    rotated = await api.http.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert rotated.status_code == 200
    assert rotated.headers["cache-control"] == "no-store"
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    clock.advance(timedelta(seconds=6))  # past the reuse grace window: a replay
    reuse = await api.http.post("/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert reuse.status_code == 401
    revoked = await api.http.post("/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert revoked.status_code == 401


async def test_refreshing_with_garbage_is_401(api: Api) -> None:
    response = await api.http.post("/auth/refresh", json={"refresh_token": "garbage"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_rt07_two_concurrent_refreshes_with_one_token_give_one_success(api: Api) -> None:
    await api.register("ada")
    token = (await api.login("ada"))["refresh_token"]
    responses = await asyncio.gather(
        *(api.http.post("/auth/refresh", json={"refresh_token": token}) for _ in range(2))
    )
    assert sorted(r.status_code for r in responses) == [200, 401]
    # RT-08: the loser came within the grace window, so the session lives on.
    [winner] = [r.json() for r in responses if r.status_code == 200]
    again = await api.http.post("/auth/refresh", json={"refresh_token": winner["refresh_token"]})
    assert again.status_code == 200


async def test_rt05_logout_ends_the_session(api: Api) -> None:
    await api.register("ada")
    tokens = await api.login("ada")
    response = await api.http.post("/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 204
    after = await api.http.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert after.status_code == 401
    again = await api.http.post("/auth/logout", json={"refresh_token": tokens["refresh_token"]})
    assert again.status_code == 204


async def test_logging_out_everywhere_ends_every_session_of_the_account(api: Api) -> None:
    await api.register("ada")
    await api.register("bob")
    here, there, bobs = await api.login("ada"), await api.login("ada"), await api.login("bob")
    assert (await api.http.post("/auth/logout-all")).status_code == 401
    response = await api.http.post("/auth/logout-all", headers=bearer(here["access_token"]))
    assert response.status_code == 204
    for session in (here, there):
        refreshed = await api.http.post(
            "/auth/refresh", json={"refresh_token": session["refresh_token"]}
        )
        assert refreshed.status_code == 401
    still = await api.http.post("/auth/refresh", json={"refresh_token": bobs["refresh_token"]})
    assert still.status_code == 200


async def test_tok06_tokens_cannot_stand_in_for_each_other(api: Api) -> None:
    await api.register("ada")
    tokens = await api.login("ada")
    as_bearer = await api.http.get("/users/me", headers=bearer(tokens["refresh_token"]))
    assert as_bearer.status_code == 401
    as_refresh = await api.http.post(
        "/auth/refresh", json={"refresh_token": tokens["access_token"]}
    )
    assert as_refresh.status_code == 401


async def test_rt06_changing_the_password_revokes_every_other_session(api: Api) -> None:
    await api.register("ada")
    session_a, session_b = await api.login("ada"), await api.login("ada")
    changed = await api.http.put(
        "/users/me/password",
        json={"current_password": PASSWORD, "new_password": "a brand new password"},
        headers=bearer(session_a["access_token"]),
    )
    assert changed.status_code == 204
    refused = await api.http.post(
        "/auth/refresh", json={"refresh_token": session_b["refresh_token"]}
    )
    assert refused.status_code == 401
    assert (
        await api.http.get("/users/me", headers=bearer(session_b["access_token"]))
    ).status_code == 401
    kept = await api.http.post("/auth/refresh", json={"refresh_token": session_a["refresh_token"]})
    assert kept.status_code == 200  # the session that changed it knew the old password
    await api.login("ada", "a brand new password")


async def test_auth05_changing_the_password_needs_the_right_current_one(api: Api) -> None:
    headers = await api.sign_up("ada")
    wrong = await api.http.put(
        "/users/me/password",
        json={"current_password": "not it at all", "new_password": "a brand new password"},
        headers=headers,
    )
    assert wrong.status_code == 403
    short = await api.http.put(
        "/users/me/password",
        json={"current_password": PASSWORD, "new_password": "short"},
        headers=headers,
    )
    assert short.status_code == 422
    await api.login("ada")


async def test_auth03_passwords_are_taken_exactly_as_typed(api: Api) -> None:
    for name, password in (
        ("long", "x" * 64),
        ("uni", "pässwörd ünïcode"),
        ("spaced", "  pw pw  "),
    ):
        await api.register(name, password)
        await api.login(name, password)
    stripped = await api.http.post("/auth/login", json={"login": "spaced", "password": "pw pw"})
    assert stripped.status_code == 401
    for password in ("x" * 7, "x" * 1025):
        response = await api.http.post(
            "/auth/register", json={"email": "p@x.io", "username": "pwtest", "password": password}
        )
        assert response.status_code == 422


async def test_pwd04_a_megabyte_password_is_refused_before_hashing(api: Api) -> None:
    response = await api.http.post(
        "/auth/login", json={"login": "ada", "password": "x" * 1_100_000}
    )
    assert response.status_code in (413, 422)


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login", "/auth/password-reset/confirm"])
async def test_pwd04_a_password_over_the_cap_but_inside_the_body_limit_is_never_hashed(
    api: Api, container: Container, path: str
) -> None:
    """The body (about 2 KiB) is far below the body limit: the 422 is the password cap's."""
    hasher = container.password_hasher()
    hashed: list[int] = []
    hash_password, verify_password = hasher.hash, hasher.verify

    async def counting_hash(password: str) -> str:
        hashed.append(len(password))
        return await hash_password(password)

    async def counting_verify(password_hash: str | None, password: str) -> bool:
        hashed.append(len(password))
        return await verify_password(password_hash, password)

    hasher.hash, hasher.verify = counting_hash, counting_verify  # type: ignore[method-assign]
    too_long = "x" * (PASSWORD_MAX + 1)
    body = {
        "/auth/register": {"email": "a@example.com", "username": "ada", "password": too_long},
        "/auth/login": {"login": "ada", "password": too_long},
        "/auth/password-reset/confirm": {"token": "t", "new_password": too_long},
    }[path]
    response = await api.http.post(path, json=body)
    assert response.status_code == 422
    assert "password" in str(response.json()["errors"][0]["loc"])
    assert hashed == []
