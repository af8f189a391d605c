"""CC-01: concurrent requests resolve as one request after another would, on every backend
(on PostgreSQL they really run at once): same-title posts all succeed with distinct slugs,
edits without If-Match are last-writer-wins, with If-Match exactly one wins, and of two
deletes one finds the post."""

import asyncio
from collections import Counter

from tests.e2e.client import Api


async def test_cc01_concurrent_posts_with_one_title_all_succeed_with_distinct_slugs(
    api: Api,
) -> None:
    headers = await api.sign_up("ada")
    body = {"title": "Same Title", "body": "Body"}
    responses = await asyncio.gather(
        *(api.http.post("/posts", json=body, headers=headers) for _ in range(20))
    )
    assert [r.status_code for r in responses] == [201] * 20
    slugs = {r.json()["slug"] for r in responses}
    assert len(slugs) == 20
    assert "same-title" in slugs


async def test_cc01_concurrent_renames_to_one_title_all_succeed(api: Api) -> None:
    headers = await api.sign_up("ada")
    slugs = [(await api.publish(headers, f"Post {n}"))["slug"] for n in range(10)]
    responses = await asyncio.gather(
        *(
            api.http.patch(f"/posts/{slug}", json={"title": "Renamed"}, headers=headers)
            for slug in slugs
        )
    )
    assert [r.status_code for r in responses] == [200] * 10
    assert len({r.json()["slug"] for r in responses}) == 10


async def test_cc01_edits_without_if_match_are_last_writer_wins(api: Api) -> None:
    headers = await api.sign_up("ada")
    await api.publish(headers, "Post")
    responses = await asyncio.gather(
        *(
            api.http.patch("/posts/post", json={"body": f"edit {n}"}, headers=headers)
            for n in range(20)
        )
    )
    assert [r.status_code for r in responses] == [200] * 20
    final = (await api.http.get("/posts/post")).json()
    assert final["version"] == 21  # every edit applied, one after another
    assert final["body"] in {f"edit {n}" for n in range(20)}


async def test_cc01_with_if_match_exactly_one_concurrent_edit_wins(api: Api) -> None:
    headers = {**(await api.sign_up("ada")), "If-Match": '"1"'}
    await api.publish(headers, "Post")
    responses = await asyncio.gather(
        *(
            api.http.patch("/posts/post", json={"body": f"edit {n}"}, headers=headers)
            for n in range(10)
        )
    )
    assert Counter(r.status_code for r in responses) == {200: 1, 412: 9}


async def test_cc01_of_two_concurrent_deletes_one_finds_the_post(api: Api) -> None:
    headers = await api.sign_up("ada")
    for round_ in range(5):
        await api.publish(headers, f"Doomed {round_}")
        slug = f"doomed-{round_}"
        responses = await asyncio.gather(
            *(api.http.delete(f"/posts/{slug}", headers=headers) for _ in range(2))
        )
        assert sorted(r.status_code for r in responses) == [204, 404]
