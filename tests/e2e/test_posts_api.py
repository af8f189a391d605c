from typing import Any

from tests.e2e.client import Api

POST_KEYS = {
    "slug",
    "title",
    "description",
    "body",
    "tags",
    "author",
    "created_at",
    "updated_at",
    "favorited",
    "favorites_count",
    "version",
}


async def test_creating_a_post_answers_201_with_location_and_etag(api: Api) -> None:
    ada = await api.sign_up("ada")
    response = await api.http.post(
        "/posts",
        json={"title": "Hello World", "body": "Text", "description": "D", "tags": ["B", "a", "b"]},
        headers=ada,
    )
    assert response.status_code == 201
    post = response.json()
    assert set(post) == POST_KEYS
    assert (post["slug"], post["tags"], post["version"]) == ("hello-world", ["b", "a"], 1)
    assert response.headers["location"] == "/api/v1/posts/hello-world"
    assert response.headers["etag"] == '"1"'
    fetched = await api.http.get(response.headers["location"].removeprefix("/api/v1"))
    assert fetched.json() == post
    assert fetched.headers["etag"] == '"1"'


async def test_one_trailing_slash_is_the_same_route_as_on_conduit(api: Api) -> None:
    ada = await api.sign_up("ada")
    created = await api.http.post("/posts/", json={"title": "Slash", "body": "T"}, headers=ada)
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/api/v1/posts/slash"
    assert (await api.http.get("/posts/slash/")).json()["slug"] == "slash"
    assert (await api.http.get("/posts//")).status_code == 404


async def test_invalid_posts_are_422(api: Api) -> None:
    ada = await api.sign_up("ada")
    for body in (
        {"body": "no title"},
        {"title": "x" * 201, "body": "b"},
        {"title": "t", "body": ""},
        {"title": "t", "body": "b", "tags": [f"t{i}" for i in range(11)]},
        {"title": "t", "body": "b", "tags": ["x" * 33]},
        {"title": "   ", "body": "b"},
    ):
        response = await api.http.post("/posts", json=body, headers=ada)
        assert response.status_code == 422, body
    assert (await api.http.post("/posts", json={"title": "t", "body": "b"})).status_code == 401


async def test_missing_posts_are_404(api: Api) -> None:
    ada = await api.sign_up("ada")
    assert (await api.http.get("/posts/nope")).status_code == 404
    assert (await api.http.patch("/posts/nope", json={"body": "x"}, headers=ada)).status_code == 404
    assert (await api.http.delete("/posts/nope", headers=ada)).status_code == 404
    assert (await api.http.post("/posts/nope/favorite", headers=ada)).status_code == 404
    assert (await api.http.get("/posts/nope/comments")).status_code == 404


async def test_editing_follows_the_title_and_honours_if_match(api: Api) -> None:
    ada = await api.sign_up("ada")
    await api.publish(ada, "First")
    edited = await api.http.patch(
        "/posts/first", json={"title": "Second"}, headers={**ada, "If-Match": '"1"'}
    )
    assert edited.status_code == 200
    assert (edited.json()["slug"], edited.json()["version"]) == ("second", 2)
    assert edited.headers["etag"] == '"2"'
    stale = await api.http.patch(
        "/posts/second", json={"body": "lost update"}, headers={**ada, "If-Match": '"1"'}
    )
    assert stale.status_code == 412
    for foreign in ('W/"2"', '"abc"', "garbage", '"1", "3"'):  # CC-01: RFC 9110 13.1.1
        refused = await api.http.patch(
            "/posts/second", json={"body": "x"}, headers={**ada, "If-Match": foreign}
        )
        assert refused.status_code == 412, foreign
    listed = await api.http.patch(
        "/posts/second", json={"description": "d"}, headers={**ada, "If-Match": '"1", "2"'}
    )
    assert listed.status_code == 200
    assert (await api.http.get("/posts/second")).json()["body"] == "About First"
    assert (await api.http.get("/posts/second")).json()["body"] == "About First"
    anyversion = await api.http.patch(
        "/posts/second", json={"body": "ok"}, headers={**ada, "If-Match": "*"}
    )
    assert anyversion.status_code == 200
    cleared = await api.http.patch("/posts/second", json={"tags": []}, headers=ada)
    assert cleared.json()["tags"] == []


async def test_ac01_another_user_cannot_touch_my_post(api: Api) -> None:
    ada, bob = await api.sign_up("ada"), await api.sign_up("bob")
    post = await api.publish(ada, "Mine", tags=["keep"])
    edit = await api.http.patch("/posts/mine", json={"body": "hijack"}, headers=bob)
    delete = await api.http.delete("/posts/mine", headers=bob)
    assert (edit.status_code, delete.status_code) == (403, 403)
    assert edit.headers["content-type"] == "application/problem+json"
    after = (await api.http.get("/posts/mine")).json()
    assert after == post
    # Favoriting is always as the caller: a body naming someone else is ignored.
    as_ada = await api.http.post("/posts/mine/favorite", json={"username": "ada"}, headers=bob)
    assert as_ada.status_code == 200
    assert (await api.http.get("/posts/mine", headers=ada)).json()["favorited"] is False
    assert (await api.http.get("/posts/mine", headers=bob)).json()["favorited"] is True


async def test_ac03_mass_assignment_is_refused(api: Api) -> None:
    ada = await api.sign_up("ada")
    me_before = (await api.http.get("/users/me", headers=ada)).json()
    for body in ({"role": "admin"}, {"is_active": False}, {"id": "x"}, {"password_hash": "x"}):
        response = await api.http.patch("/users/me", json=body, headers=ada)
        assert response.status_code == 422, body
    assert (await api.http.get("/users/me", headers=ada)).json() == me_before
    for extra in ({"author": "bob"}, {"id": "x"}, {"slug": "chosen"}, {"version": 7}):
        post: dict[str, object] = {"title": "Post", "body": "b", **extra}
        assert (await api.http.post("/posts", json=post, headers=ada)).status_code == 422, extra
    await api.publish(ada, "Post")
    sneaky = await api.http.patch("/posts/post", json={"favorites_count": 99}, headers=ada)
    assert sneaky.status_code == 422


async def test_deleting_a_post(api: Api) -> None:
    ada = await api.sign_up("ada")
    await api.publish(ada, "Doomed")
    assert (await api.http.delete("/posts/doomed", headers=ada)).status_code == 204
    assert (await api.http.get("/posts/doomed")).status_code == 404


async def test_favoriting_is_idempotent_and_per_user(api: Api) -> None:
    ada, bob = await api.sign_up("ada"), await api.sign_up("bob")
    await api.publish(ada, "Fav")
    for _ in range(2):
        response = await api.http.post("/posts/fav/favorite", headers=bob)
        assert response.status_code == 200
        assert (response.json()["favorited"], response.json()["favorites_count"]) == (True, 1)
    as_ada = (await api.http.get("/posts/fav", headers=ada)).json()
    assert (as_ada["favorited"], as_ada["favorites_count"]) == (False, 1)
    undone = await api.http.delete("/posts/fav/favorite", headers=bob)
    assert (undone.json()["favorited"], undone.json()["favorites_count"]) == (False, 0)
    assert (await api.http.post("/posts/fav/favorite")).status_code == 401


async def test_listing_filters_newest_first_with_viewer_flags(api: Api) -> None:
    ada, bob = await api.sign_up("ada"), await api.sign_up("bob")
    await api.publish(ada, "Alpha", tags=["python"])
    await api.publish(bob, "Beta", tags=["rust"], description="systems")
    await api.publish(ada, "Gamma", tags=["python", "web"])
    await api.http.post("/posts/beta/favorite", headers=ada)
    await api.http.post("/users/bob/follow", headers=ada)

    async def titles(headers: dict[str, str] | None = None, **params: Any) -> list[str]:
        response = await api.http.get("/posts", params=params, headers=headers)
        assert response.status_code == 200
        return [p["title"] for p in response.json()["items"]]

    assert await titles() == ["Gamma", "Beta", "Alpha"]
    assert await titles(author="ada") == ["Gamma", "Alpha"]
    assert await titles(tag="python") == ["Gamma", "Alpha"]
    assert await titles(favorited_by="ada") == ["Beta"]
    assert await titles(q="SYSTEM") == ["Beta"]
    assert await titles(author="nobody") == []
    [beta] = (await api.http.get("/posts", params={"tag": "rust"}, headers=ada)).json()["items"]
    assert (beta["favorited"], beta["author"]["following"]) == (True, True)


async def test_the_feed_needs_a_token_and_shows_followed_authors(api: Api) -> None:
    ada, bob = await api.sign_up("ada"), await api.sign_up("bob")
    await api.publish(bob, "By Bob")
    await api.publish(ada, "By Ada")
    assert (await api.http.get("/posts/feed")).status_code == 401
    assert (await api.http.get("/posts/feed", headers=ada)).json()["items"] == []
    await api.http.post("/users/bob/follow", headers=ada)
    feed = (await api.http.get("/posts/feed", headers=ada)).json()
    assert [p["title"] for p in feed["items"]] == ["By Bob"]


async def test_in02_paging_parameters_are_bounded_and_cursors_checked(api: Api) -> None:
    for params in ({"limit": 0}, {"limit": 101}, {"limit": "x"}, {"cursor": "garbage"}):
        response = await api.http.get("/posts", params=params)
        assert response.status_code == 422, params
        assert response.headers["content-type"] == "application/problem+json"


async def test_paging_through_250_posts_with_cursors_sees_each_once(api: Api) -> None:
    ada = await api.sign_up("ada")
    for i in range(250):
        await api.publish(ada, f"Post {i}")
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 100}
    while True:
        page = (await api.http.get("/posts", params=params)).json()
        seen += [p["slug"] for p in page["items"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 250
    assert seen[0] == "post-249"


async def test_in06_sql_in_filters_is_just_text(api: Api) -> None:
    ada = await api.sign_up("ada")
    await api.publish(ada, "Post")
    for params in ({"q": "' OR 1=1 --"}, {"tag": "x' OR '1'='1"}, {"q": "%"}, {"q": "_"}):
        response = await api.http.get("/posts", params=params)
        assert (response.status_code, response.json()["items"]) == (200, []), params
    users = await api.http.get("/posts", params={"author": "ada'--"})
    assert users.status_code == 422
