"""IN-10: NUL and the other C0/C1 control characters are refused everywhere, the same on
every backend: a 4xx answer, never a 500 (PostgreSQL cannot hold NUL) and never stored (SQLite
and memory could). Tab, CR and LF are allowed in multi-line text only."""

import httpx
import pytest

from entrypoints.composition.container import Container
from tests.e2e.client import Api
from tests.e2e.conftest import client_for, promote_to_admin

NUL, C1 = "\x00", "\x85"


@pytest.mark.parametrize(
    "path",
    [
        "/posts?q=a%00b",
        "/posts?tag=a%00b",
        "/posts?author=a%00b",
        "/posts?favorited_by=a%C2%85b",
        "/posts/a%00b",
        "/posts/a%00b/comments",
        "/users/a%00b",
        "/users?q=a%00b",
    ],
)
async def test_in10_control_characters_in_paths_and_filters_are_refused(
    api: Api, container: Container, path: str
) -> None:
    admin = await api.sign_up("ada")
    await promote_to_admin(container, "ada")
    response = await api.http.get(path, headers=admin)
    assert response.status_code in (404, 422), response.text
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize(
    "path", ["/profiles/a%00b", "/articles?tag=a%00b", "/articles?author=a%00b", "/articles/a%00b"]
)
async def test_in10_conduit_refuses_them_in_paths_and_filters(
    conduit: httpx.AsyncClient, path: str
) -> None:
    response = await conduit.get(path)
    assert response.status_code in (404, 422), response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", f"a{NUL}b"),
        ("title", "two\nlines"),
        ("description", f"a{C1}b"),
        ("description", "tab\there"),
        ("body", f"a{NUL}b"),
        ("tags", [f"a{NUL}b"]),
    ],
)
async def test_in10_post_fields_refuse_control_characters_and_store_nothing(
    api: Api, field: str, value: object
) -> None:
    headers = await api.sign_up("ada")
    post = {"title": "Title", "body": "Body", field: value}
    response = await api.http.post("/posts", json=post, headers=headers)
    assert response.status_code == 422, response.text
    assert field in response.json()["errors"][0]["loc"]
    assert (await api.http.get("/posts")).json()["items"] == []


async def test_in10_multi_line_text_keeps_tabs_and_line_breaks(api: Api) -> None:
    headers = await api.sign_up("ada")
    body = "line one\r\n\tline two\n"
    post = await api.publish(headers, "Lines", body=body)
    assert post["body"] == body
    comment = await api.http.post(
        f"/posts/{post['slug']}/comments", json={"body": body}, headers=headers
    )
    assert comment.status_code == 201
    bio = await api.http.patch("/users/me", json={"bio": body}, headers=headers)
    assert bio.json()["bio"] == body


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/users/me", {"bio": f"a{NUL}b"}),
        ("/users/me", {"image": f"https://x.example/{C1}"}),
    ],
)
async def test_in10_account_fields_refuse_them(api: Api, path: str, body: dict[str, str]) -> None:
    headers = await api.sign_up("ada")
    assert (await api.http.patch(path, json=body, headers=headers)).status_code == 422


async def test_in10_comments_refuse_them(api: Api) -> None:
    headers = await api.sign_up("ada")
    await api.publish(headers, "Post")
    response = await api.http.post(
        "/posts/post/comments", json={"body": f"a{NUL}"}, headers=headers
    )
    assert response.status_code == 422


@pytest.mark.parametrize("login", [f"ada{NUL}", f"ada{NUL}@example.com", f"a{C1}da"])
async def test_in10_a_login_name_with_them_is_an_ordinary_failed_login(
    api: Api, container: Container, login: str
) -> None:
    await api.register("ada")
    response = await api.http.post("/auth/login", json={"login": login, "password": "whatever1"})
    assert response.status_code == 401
    async with client_for(container, "http://folio.test/api") as conduit:
        body = {"user": {"email": login, "password": "whatever1"}}
        assert (await conduit.post("/users/login", json=body)).status_code in (401, 403, 422)


@pytest.mark.parametrize("field", ["email", "username"])
async def test_in10_registration_refuses_them(api: Api, field: str) -> None:
    account = {"email": "ada@example.com", "username": "ada", "password": "long enough pw"}
    account[field] = account[field].replace("a", f"a{NUL}", 1)
    assert (await api.http.post("/auth/register", json=account)).status_code == 422


@pytest.mark.parametrize("title", [f"a{NUL}b", "two\nlines", f"a{C1}b", "esc\x1b[31m"])
async def test_in10_conduit_titles_refuse_control_characters_on_publish_and_on_edit(
    conduit: httpx.AsyncClient, title: str
) -> None:
    account = {"username": "ada", "email": "ada@test.com", "password": "password123"}
    token = (await conduit.post("/users", json={"user": account})).json()["user"]["token"]
    headers = {"Authorization": f"Token {token}"}
    refused = await conduit.post(
        "/articles",
        json={"article": {"title": title, "description": "d", "body": "b"}},
        headers=headers,
    )
    assert refused.status_code == 422, refused.text
    assert "title" in refused.json()["errors"]
    assert (await conduit.get("/articles")).json()["articlesCount"] == 0
    article = {"title": "Clean", "description": "d", "body": "b"}
    slug = (await conduit.post("/articles", json={"article": article}, headers=headers)).json()[
        "article"
    ]["slug"]
    edit = await conduit.put(
        f"/articles/{slug}", json={"article": {"title": title}}, headers=headers
    )
    assert edit.status_code == 422, edit.text
    assert (await conduit.get(f"/articles/{slug}")).json()["article"]["title"] == "Clean"
