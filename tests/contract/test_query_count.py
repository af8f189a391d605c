"""Listing posts with a viewer costs the same few SQL statements for 20 posts as for 100."""

import pytest

from application.paging import PageRequest
from application.use_cases.posts.list_posts import PostFilters
from entrypoints.container import Container
from tests.contract.builders import a_post, stored_users
from tests.databases import counting_statements


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_listing_posts_with_a_viewer_is_not_n_plus_one(container: Container) -> None:
    async with container.unit_of_work() as uow:
        authors = await stored_users(uow, *(f"author{i}" for i in range(10)))
        [viewer] = await stored_users(uow, "viewer")
        for i in range(120):
            post = a_post(authors[i % 10], f"Post {i}", tags=(f"t{i % 7}", "common"))
            await uow.posts.add(post)
            if i % 3 == 0:
                await uow.favorites.add(viewer.id, post.id)
        for author in authors[:5]:
            await uow.follows.add(viewer.id, author.id)
        await uow.commit()
    actor = viewer.as_actor()
    counts = {}
    for limit in (20, 100):
        with counting_statements(container.engine()) as statements:
            page = await container.list_posts()(PostFilters(), PageRequest(limit=limit), actor)
        assert len(page.items) == limit
        assert any(p.favorited for p in page.items)
        assert any(p.author.following for p in page.items)
        counts[limit] = len(statements)
    # PostgreSQL: one statement. SQLite: BEGIN IMMEDIATE, the posts, then their tags.
    expected = {"postgresql": 1, "sqlite": 3}[container.engine().dialect.name]
    assert counts == {20: expected, 100: expected}
