"""Every backend's post views (the read side) agree with views assembled from the
repositories, for every viewer and filter, and page the same way."""

from datetime import timedelta
from uuid import uuid4

import pytest

from adapters.memory.post_views import MemoryPostViews
from application.paging import PageQuery, Position
from application.ports.posts import PostCriteria
from application.views import PostView, ProfileView
from entrypoints.composition.container import Container
from tests.contract.builders import T0, a_post, stored_users

pytestmark = pytest.mark.usefixtures("any_backend")


async def seeded(backend: Container) -> dict[str, object]:
    """ada follows bob; bob wrote three posts (tagged), ada one; cyd favorited two of bob's."""
    async with backend.unit_of_work() as uow:
        ada, bob, cyd = await stored_users(uow, "ada", "bob", "cyd")
        posts = [
            a_post(bob, f"Bob {i}", at=T0 + timedelta(minutes=i), tags=("zeta", f"t{i}", "alpha"))
            for i in range(3)
        ] + [a_post(ada, "Ada 0", at=T0 + timedelta(minutes=5))]
        for post in posts:
            await uow.posts.add(post)
        await uow.follows.add(ada.id, bob.id)
        await uow.favorites.add(cyd.id, posts[0].id)
        await uow.favorites.add(cyd.id, posts[1].id)
        await uow.favorites.add(ada.id, posts[1].id)
        await uow.commit()
    return {"ada": ada, "bob": bob, "cyd": cyd, "posts": posts}


async def test_a_post_view_carries_author_tags_count_and_the_viewers_flags(
    any_backend: Container,
) -> None:
    data = await seeded(any_backend)
    ada = data["ada"]
    async with any_backend.unit_of_work() as uow:
        as_ada = await uow.post_views.by_slug("bob-1", ada.id)  # type: ignore[attr-defined]
        anonymous = await uow.post_views.by_slug("bob-1", None)
        missing = await uow.post_views.by_slug("nope", None)
        missing_by_id = await uow.post_views.by_id(uuid4(), None)
    assert as_ada is not None
    assert anonymous is not None
    assert as_ada.tags == ("zeta", "t1", "alpha")
    assert as_ada.author == ProfileView("bob", "", None, following=True)
    assert (as_ada.favorited, as_ada.favorites_count) == (True, 2)
    assert anonymous.author.following is False
    assert (anonymous.favorited, anonymous.favorites_count) == (False, 2)
    assert missing is None
    assert missing_by_id is None


CRITERIA = {
    "everything": lambda d: PostCriteria(),
    "by author": lambda d: PostCriteria(author_id=d["bob"].id),
    "tag": lambda d: PostCriteria(tag="t2"),
    "favorited by": lambda d: PostCriteria(favorited_by=d["cyd"].id),
    "feed": lambda d: PostCriteria(followed_by=d["ada"].id),
    "text": lambda d: PostCriteria(text="BOB"),
    "nothing": lambda d: PostCriteria(tag="absent"),
}


@pytest.mark.parametrize("name", CRITERIA)
@pytest.mark.parametrize("viewer", [None, "ada", "cyd"])
async def test_views_agree_with_the_assembled_ones(
    any_backend: Container, name: str, viewer: str | None
) -> None:
    data = await seeded(any_backend)
    criteria = CRITERIA[name](data)
    viewer_id = data[viewer].id if viewer else None  # type: ignore[attr-defined]
    page = PageQuery(limit=10, offset=0)  # offset paging also counts the total
    async with any_backend.unit_of_work() as uow:
        found = await uow.post_views.find(criteria, page, viewer_id)
        assembled = await MemoryPostViews(uow).find(criteria, page, viewer_id)
        singles = [await uow.post_views.by_slug(v.slug, viewer_id) for v in found.items]
        by_id = [await uow.post_views.by_id(v.id, viewer_id) for v in found.items]
        assembled_by_id = [await MemoryPostViews(uow).by_id(v.id, viewer_id) for v in found.items]
    assert found == assembled
    assert singles == by_id == assembled_by_id == found.items


async def test_views_page_by_keyset_and_by_offset(any_backend: Container) -> None:
    await seeded(any_backend)
    async with any_backend.unit_of_work() as uow:
        first = await uow.post_views.find(PostCriteria(), PageQuery(limit=3), None)
        last: PostView = first.items[-1]
        rest = await uow.post_views.find(
            PostCriteria(), PageQuery(limit=3, after=Position(last.created_at, last.id)), None
        )
        skipped = await uow.post_views.find(PostCriteria(), PageQuery(limit=3, offset=3), None)
    assert [v.slug for v in first.items] == ["ada-0", "bob-2", "bob-1"]
    assert first.has_more
    assert first.total is None
    assert [v.slug for v in rest.items] == ["bob-0"]
    assert not rest.has_more
    assert skipped.items == rest.items
    assert skipped.total == 4
