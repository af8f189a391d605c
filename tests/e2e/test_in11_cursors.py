"""IN-11: a cursor opens only the list, and the filters, that issued it; anywhere else it
is a 422 problem, the same on every backend."""

import pytest

from entrypoints.composition.container import Container
from tests.e2e.client import Api
from tests.e2e.conftest import promote_to_admin


async def next_cursors(api: Api, container: Container) -> dict[str, str]:
    admin = await api.sign_up("ada")
    await promote_to_admin(container, "ada")
    await api.sign_up("bob")
    await api.publish(admin, "Post", tags=["x"])
    await api.publish(admin, "Second", tags=["x"])
    for n in range(2):
        comment = await api.http.post("/posts/post/comments", json={"body": f"c{n}"}, headers=admin)
        assert comment.status_code == 201
    follow = await api.http.post("/users/ada/follow", headers=admin)
    assert follow.status_code in (200, 422)  # following oneself is refused; not needed here
    pages = {
        "comments": await api.http.get("/posts/post/comments", params={"limit": 1}),
        "posts": await api.http.get("/posts", params={"limit": 1}),
        "tagged": await api.http.get("/posts", params={"limit": 1, "tag": "x"}),
        "users": await api.http.get("/users", params={"limit": 1}, headers=admin),
    }
    cursors = {name: page.json()["next_cursor"] for name, page in pages.items()}
    assert all(cursors.values()), cursors
    return cursors


@pytest.mark.parametrize(
    ("issued_by", "used_on"),
    [
        ("comments", "/posts"),
        ("comments", "/posts/feed"),
        ("comments", "/users"),
        ("posts", "/posts/post/comments"),
        ("posts", "/users"),
        ("tagged", "/posts"),
        ("users", "/posts"),
    ],
)
async def test_in11_a_cursor_from_another_list_is_a_422_problem(
    api: Api, container: Container, issued_by: str, used_on: str
) -> None:
    cursors = await next_cursors(api, container)
    admin = (await api.login("ada"))["access_token"]
    response = await api.http.get(
        used_on, params={"cursor": cursors[issued_by]}, headers={"Authorization": f"Bearer {admin}"}
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["loc"] == ["cursor"]


async def test_in11_a_cursor_goes_on_in_its_own_list(api: Api, container: Container) -> None:
    cursors = await next_cursors(api, container)
    more = await api.http.get("/posts", params={"cursor": cursors["tagged"], "tag": "x"})
    assert more.status_code == 200
    assert [p["title"] for p in more.json()["items"]] == ["Post"]


async def test_in11_a_cursor_opens_only_its_own_posts_comments_and_its_own_users_feed(
    api: Api,
) -> None:
    ada, bob, eve = await api.sign_up("ada"), await api.sign_up("bob"), await api.sign_up("eve")
    for title in ("First", "Second"):
        await api.publish(ada, title)
        for n in range(2):
            comment = {"body": f"{title} {n}"}
            path = f"/posts/{title.lower()}/comments"
            assert (await api.http.post(path, json=comment, headers=bob)).status_code == 201
    comments = await api.http.get("/posts/first/comments", params={"limit": 1})
    cursor = comments.json()["next_cursor"]
    assert (await api.http.get("/posts/first/comments", params={"cursor": cursor})).is_success
    elsewhere = await api.http.get("/posts/second/comments", params={"cursor": cursor})
    assert elsewhere.status_code == 422, elsewhere.text
    for follower in (bob, eve):
        assert (await api.http.post("/users/ada/follow", headers=follower)).is_success
    feed = await api.http.get("/posts/feed", params={"limit": 1}, headers=bob)
    cursor = feed.json()["next_cursor"]
    mine = await api.http.get("/posts/feed", params={"cursor": cursor}, headers=bob)
    assert mine.status_code == 200
    theirs = await api.http.get("/posts/feed", params={"cursor": cursor}, headers=eve)
    assert theirs.status_code == 422, theirs.text
