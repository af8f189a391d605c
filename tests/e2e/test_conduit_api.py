"""The Conduit adapter's own edge cases, beyond the official suite, on every backend."""

from datetime import datetime
from typing import Any

import httpx
import jwt
import pytest

from entrypoints.composition.container import Container
from tests.e2e.client import PASSWORD as V1_PASSWORD
from tests.e2e.client import Api, bearer
from tests.e2e.conftest import client_for
from tests.support import build_container, settings_for_tests

PASSWORD = "password123"


async def register(conduit: httpx.AsyncClient, name: str) -> dict[str, str]:
    body = {"user": {"username": name, "email": f"{name}@test.com", "password": PASSWORD}}
    response = await conduit.post("/users", json=body)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Token {response.json()['user']['token']}"}


async def publish(
    conduit: httpx.AsyncClient, headers: dict[str, str], title: str, **fields: Any
) -> dict[str, Any]:
    article = {"title": title, "description": "d", "body": "b", **fields}
    response = await conduit.post("/articles", json={"article": article}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json()["article"])


async def test_registration_signs_in_with_a_long_lived_token(conduit: httpx.AsyncClient) -> None:
    response = await conduit.post(
        "/users", json={"user": {"username": "ada", "email": "Ada@Test.com", "password": PASSWORD}}
    )
    user = response.json()["user"]
    assert set(user) == {"email", "token", "username", "bio", "image"}
    assert (user["email"], user["bio"], user["image"]) == ("ada@test.com", None, None)
    claims = jwt.decode(user["token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 86_400
    for scheme in ("Token", "Bearer"):
        me = await conduit.get("/user", headers={"Authorization": f"{scheme} {user['token']}"})
        assert me.json()["user"]["token"] == user["token"]


@pytest.mark.parametrize(
    ("clash", "field"),
    [
        ({"username": "ADA", "email": "x@test.com"}, "username"),
        ({"username": "xyz", "email": "ADA@test.com"}, "email"),
    ],
)
async def test_taken_names_are_409_on_the_right_field(
    conduit: httpx.AsyncClient, clash: dict[str, str], field: str
) -> None:
    await register(conduit, "ada")
    response = await conduit.post("/users", json={"user": {**clash, "password": PASSWORD}})
    assert response.status_code == 409
    assert response.json() == {"errors": {field: ["has already been taken"]}}


async def test_validation_errors_use_conduits_shape(conduit: httpx.AsyncClient) -> None:
    missing = await conduit.post("/users", json={"user": {"username": "ada"}})
    assert missing.status_code == 422
    assert missing.json()["errors"]["email"] == ["can't be blank"]
    short = await conduit.post(
        "/users", json={"user": {"username": "ada", "email": "a@test.com", "password": "short"}}
    )
    assert short.status_code == 422
    assert "password" in short.json()["errors"]
    garbage = await conduit.post(
        "/users", content=b"{", headers={"Content-Type": "application/json"}
    )
    assert garbage.status_code == 422


async def test_tokens_missing_malformed_or_foreign_are_401(conduit: httpx.AsyncClient) -> None:
    assert (await conduit.get("/user")).json() == {"errors": {"token": ["is missing"]}}
    for header in ("Token", "Token garbage", "Basic abc", "Token " + "x" * 40):
        response = await conduit.get("/user", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json() == {"errors": {"token": ["is invalid"]}}


async def test_login_failures_are_alike(conduit: httpx.AsyncClient) -> None:
    await register(conduit, "ada")
    wrong = await conduit.post(
        "/users/login", json={"user": {"email": "ada@test.com", "password": "nope nope"}}
    )
    unknown = await conduit.post(
        "/users/login", json={"user": {"email": "who@test.com", "password": PASSWORD}}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"errors": {"credentials": ["invalid"]}}


async def test_put_user_follows_the_trust_session_policy(conduit: httpx.AsyncClient) -> None:
    headers = await register(conduit, "ada")
    changed = await conduit.put(
        "/user",
        json={"user": {"email": "new@test.com", "password": "a new password", "bio": "Hi"}},
        headers=headers,
    )
    assert changed.status_code == 200
    assert (changed.json()["user"]["email"], changed.json()["user"]["bio"]) == (
        "new@test.com",
        "Hi",
    )
    assert (await conduit.get("/user", headers=headers)).status_code == 200  # token still valid
    login = await conduit.post(
        "/users/login", json={"user": {"email": "new@test.com", "password": "a new password"}}
    )
    assert login.status_code == 200
    cleared = await conduit.put("/user", json={"user": {"bio": None, "image": ""}}, headers=headers)
    assert (cleared.json()["user"]["bio"], cleared.json()["user"]["image"]) == (None, None)
    for bad in ({"email": None}, {"username": ""}, {"password": "short"}, {"image": "ftp://x"}):
        response = await conduit.put("/user", json={"user": bad}, headers=headers)
        assert response.status_code == 422, bad
    # A refused password leaves everything else as it was.
    await conduit.put("/user", json={"user": {"bio": "kept", "password": "short"}}, headers=headers)
    assert (await conduit.get("/user", headers=headers)).json()["user"]["bio"] is None


async def test_articles_list_without_body_and_with_total_and_offset(
    conduit: httpx.AsyncClient,
) -> None:
    headers = await register(conduit, "ada")
    for i in range(3):
        await publish(conduit, headers, f"Post {i}", tagList=["x"])
    page = (await conduit.get("/articles", params={"limit": 2, "offset": 1})).json()
    assert page["articlesCount"] == 3
    assert [a["title"] for a in page["articles"]] == ["Post 1", "Post 0"]
    assert all("body" not in a for a in page["articles"])
    assert (await conduit.get("/articles", params={"limit": 0})).status_code == 422
    beyond = (await conduit.get("/articles", params={"offset": 10})).json()
    assert (beyond["articles"], beyond["articlesCount"]) == ([], 3)


async def test_editing_articles(conduit: httpx.AsyncClient) -> None:
    headers = await register(conduit, "ada")
    first = await publish(conduit, headers, "Same title", tagList=["a", "b"])
    second = await publish(conduit, headers, "Same title")
    assert first["slug"] != second["slug"]
    retitled = await conduit.put(
        f"/articles/{first['slug']}", json={"article": {"title": "New title"}}, headers=headers
    )
    article = retitled.json()["article"]
    assert (article["slug"], article["tagList"]) == ("new-title", ["a", "b"])
    assert article["createdAt"] == first["createdAt"]
    assert datetime.fromisoformat(article["updatedAt"]) > datetime.fromisoformat(first["updatedAt"])
    null_tags = await conduit.put(
        "/articles/new-title", json={"article": {"tagList": None}}, headers=headers
    )
    assert null_tags.status_code == 422
    blank = await conduit.put(
        "/articles/new-title", json={"article": {"body": ""}}, headers=headers
    )
    assert blank.json() == {"errors": {"body": ["can't be blank"]}}


async def test_others_get_403_and_missing_things_404(conduit: httpx.AsyncClient) -> None:
    ada, bob = await register(conduit, "ada"), await register(conduit, "bob")
    slug = (await publish(conduit, ada, "Mine"))["slug"]
    denied = await conduit.delete(f"/articles/{slug}", headers=bob)
    assert (denied.status_code, denied.json()) == (403, {"errors": {"article": ["forbidden"]}})
    missing = await conduit.get("/profiles/nobody")
    assert (missing.status_code, missing.json()) == (404, {"errors": {"profile": ["not found"]}})
    no_comment = await conduit.delete(f"/articles/{slug}/comments/123", headers=ada)
    assert no_comment.json() == {"errors": {"comment": ["not found"]}}


async def test_all_comments_are_listed_beyond_one_page(conduit: httpx.AsyncClient) -> None:
    headers = await register(conduit, "ada")
    slug = (await publish(conduit, headers, "Popular"))["slug"]
    for i in range(103):
        await conduit.post(
            f"/articles/{slug}/comments", json={"comment": {"body": f"c{i}"}}, headers=headers
        )
    comments = (await conduit.get(f"/articles/{slug}/comments")).json()["comments"]
    assert [c["body"] for c in comments] == [f"c{i}" for i in range(103)]
    assert comments[0]["updatedAt"] == comments[0]["createdAt"]


async def test_both_apis_share_one_set_of_users_and_posts(conduit: httpx.AsyncClient) -> None:
    headers = await register(conduit, "ada")
    await publish(conduit, headers, "From Conduit")
    response = await conduit.get("http://folio.test/api/v1/posts/from-conduit")
    assert response.json()["author"]["username"] == "ada"
    v1_login = await conduit.post(
        "http://folio.test/api/v1/auth/login", json={"login": "ada", "password": PASSWORD}
    )
    assert v1_login.status_code == 200


async def test_conduit_can_be_switched_off() -> None:
    container = build_container(settings_for_tests(conduit_enabled=False))
    async with client_for(container, "http://folio.test") as client:
        assert (await client.get("/api/tags")).status_code == 404
        assert (await client.get("/api/v1/tags")).status_code == 200


async def test_the_conduit_api_documents_itself_apart(conduit: httpx.AsyncClient) -> None:
    schema = (await conduit.get("/openapi.json")).json()
    assert {"/users/login", "/articles/{slug}", "/tags"} <= set(schema["paths"])
    assert not any(path.startswith("/v1") for path in schema["paths"])


async def test_the_conduit_docs_can_authorize_with_a_token(conduit: httpx.AsyncClient) -> None:
    schema = (await conduit.get("/openapi.json")).json()
    assert schema["components"]["securitySchemes"]["Token"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": "`Token <token>`, with the token that registration or log-in returned.",
    }
    assert {"Token": []} in schema["paths"]["/user"]["get"]["security"]
    assert {"Token": []} in schema["paths"]["/articles/feed"]["get"]["security"]


async def test_tok10_each_api_refuses_the_others_tokens(
    conduit: httpx.AsyncClient, container: Container
) -> None:
    async with client_for(container, "http://folio.test/api/v1") as v1:
        api = Api(v1)
        v1_headers = await api.sign_up("ada")
        login = {"user": {"email": "ada@example.com", "password": V1_PASSWORD}}
        conduit_token = (await conduit.post("/users/login", json=login)).json()["user"]["token"]
        assert (await v1.get("/users/me", headers=v1_headers)).status_code == 200
        refused = await v1.get("/users/me", headers=bearer(conduit_token))
        assert refused.status_code == 401
    own = await conduit.get("/user", headers={"Authorization": f"Token {conduit_token}"})
    assert own.status_code == 200
    v1_token = v1_headers["Authorization"].removeprefix("Bearer ")
    foreign = await conduit.get("/user", headers={"Authorization": f"Token {v1_token}"})
    assert foreign.status_code == 401


async def test_cc01_put_user_changes_all_of_it_or_none_of_it(conduit: httpx.AsyncClient) -> None:
    for name in ("ada", "bob"):
        user = {"email": f"{name}@example.com", "username": name, "password": PASSWORD}
        assert (await conduit.post("/users", json={"user": user})).status_code == 201
    login = {"user": {"email": "ada@example.com", "password": PASSWORD}}
    token = (await conduit.post("/users/login", json=login)).json()["user"]["token"]
    headers = {"Authorization": f"Token {token}"}
    taken = {"user": {"username": "bob", "password": "a new password", "bio": "new"}}
    assert (await conduit.put("/user", json=taken, headers=headers)).status_code in (409, 422)
    assert (await conduit.post("/users/login", json=login)).status_code == 200  # old password
    assert (await conduit.get("/user", headers=headers)).json()["user"]["bio"] in ("", None)
    both = {"user": {"bio": "hello", "password": "a new password"}}
    assert (await conduit.put("/user", json=both, headers=headers)).status_code == 200
    relogin = {"user": {"email": "ada@example.com", "password": "a new password"}}
    assert (await conduit.post("/users/login", json=relogin)).status_code == 200


async def test_one_trailing_slash_is_served_in_place_as_the_angular_client_sends_it(
    conduit: httpx.AsyncClient,
) -> None:
    """The reference Angular client publishes with `POST /api/articles/`: served, not
    redirected (a redirect would be built from the Host and resent without its body)."""
    headers = await register(conduit, "ada")
    article = {"title": "Slash", "description": "d", "body": "b"}
    created = await conduit.post("/articles/", json={"article": article}, headers=headers)
    assert created.status_code == 201, created.text
    slug = created.json()["article"]["slug"]
    listed = await conduit.get("/articles/")
    assert [a["slug"] for a in listed.json()["articles"]] == [slug]
    assert (await conduit.get(f"/articles/{slug}/")).json()["article"]["slug"] == slug
    assert (await conduit.get("/user/", headers=headers)).status_code == 200
    two_slashes = await conduit.get("/articles//")
    assert two_slashes.status_code == 404
    assert "location" not in two_slashes.headers
