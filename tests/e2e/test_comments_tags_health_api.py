from entrypoints.composition.container import Container
from entrypoints.version import VERSION
from tests.e2e.client import Api, bearer
from tests.e2e.conftest import promote_to_admin


async def test_comments_are_added_listed_oldest_first_and_paged(api: Api) -> None:
    ada, bob = await api.sign_up("ada"), await api.sign_up("bob")
    await api.publish(ada, "Post")
    created = await api.http.post("/posts/post/comments", json={"body": "First"}, headers=bob)
    assert created.status_code == 201
    comment = created.json()
    assert set(comment) == {"id", "body", "author", "created_at"}
    assert comment["id"] >= 1
    assert comment["author"]["username"] == "bob"
    await api.http.post("/posts/post/comments", json={"body": "Second"}, headers=ada)
    listed = await api.http.get("/posts/post/comments")
    assert [c["body"] for c in listed.json()["items"]] == ["First", "Second"]
    first_page = (await api.http.get("/posts/post/comments", params={"limit": 1})).json()
    second_page = await api.http.get(
        "/posts/post/comments", params={"cursor": first_page["next_cursor"]}
    )
    assert [c["body"] for c in second_page.json()["items"]] == ["Second"]


async def test_commenting_errors(api: Api) -> None:
    ada = await api.sign_up("ada")
    await api.publish(ada, "Post")
    assert (await api.http.post("/posts/post/comments", json={"body": "x"})).status_code == 401
    missing = await api.http.post("/posts/nope/comments", json={"body": "x"}, headers=ada)
    assert missing.status_code == 404
    for body in ({"body": ""}, {"body": "x" * 5001}, {}, {"body": "x", "author": "bob"}):
        response = await api.http.post("/posts/post/comments", json=body, headers=ada)
        assert response.status_code == 422, body


async def test_ac01_comment_deletion_rights(api: Api, container: Container) -> None:
    ada, bob, eve = [await api.sign_up(n) for n in ("ada", "bob", "eve")]
    await api.register("root")
    await promote_to_admin(container, "root")
    admin = bearer((await api.login("root"))["access_token"])
    await api.publish(ada, "Post")
    ids = []
    for i in range(3):
        created = await api.http.post("/posts/post/comments", json={"body": f"c{i}"}, headers=bob)
        ids.append(created.json()["id"])
    denied = await api.http.delete(f"/posts/post/comments/{ids[0]}", headers=eve)
    assert denied.status_code == 403
    assert (await api.http.delete(f"/posts/post/comments/{ids[0]}", headers=bob)).status_code == 204
    assert (await api.http.delete(f"/posts/post/comments/{ids[1]}", headers=ada)).status_code == 204
    assert (
        await api.http.delete(f"/posts/post/comments/{ids[2]}", headers=admin)
    ).status_code == 204
    gone = await api.http.delete(f"/posts/post/comments/{ids[0]}", headers=bob)
    assert gone.status_code == 404
    assert (await api.http.get("/posts/post/comments")).json()["items"] == []


async def test_tags_are_listed_most_used_first(api: Api) -> None:
    ada = await api.sign_up("ada")
    await api.publish(ada, "A", tags=["x", "y"])
    await api.publish(ada, "B", tags=["y"])
    response = await api.http.get("/tags")
    assert response.json() == {"items": [{"name": "y", "count": 2}, {"name": "x", "count": 1}]}
    assert len((await api.http.get("/tags", params={"limit": 1})).json()["items"]) == 1
    assert (await api.http.get("/tags", params={"limit": 0})).status_code == 422


async def test_health_endpoints(api: Api) -> None:
    health = {"status": "ok", "version": VERSION}
    assert (await api.http.get("/health/live")).json() == health
    ready = {**health, "background_work": {"status": "ok", "waiting_seconds": None}}
    assert (await api.http.get("/health/ready")).json() == ready
