"""Listing posts with a viewer costs the same few SQL statements for 20 posts as for 100."""

import httpx
import pytest
from asgi_lifespan import LifespanManager

from application.paging import PageRequest
from application.use_cases.posts.list_posts import PostFilters
from entrypoints.composition.container import Container
from entrypoints.host.app import create_app
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
        async with counting_statements(
            container.engine(), container.sql_connections()
        ) as statements:
            page = await container.list_posts()(PostFilters(), PageRequest(limit=limit), actor)
        assert len(page.items) == limit
        assert any(p.favorited for p in page.items)
        assert any(p.author.following for p in page.items)
        counts[limit] = len(statements)
    # PostgreSQL: one statement. SQLite: BEGIN IMMEDIATE, the posts, then their tags.
    expected = {"postgresql": 1, "sqlite": 3}[container.engine().dialect.name]
    assert counts == {20: expected, 100: expected}


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_the_current_user_costs_one_statement_on_both_apis(container: Container) -> None:
    """Authentication reads the account; showing it reads nothing more, and a signed-in list
    reads its page once."""
    app = create_app(container)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://folio.test") as http:
            account = {"email": "ada@example.com", "username": "ada", "password": "pw-123456"}
            assert (await http.post("/api/v1/auth/register", json=account)).status_code == 201
            login = {"login": "ada", "password": "pw-123456"}
            v1 = (await http.post("/api/v1/auth/login", json=login)).json()["access_token"]
            conduit_login = {"user": {"email": "ada@example.com", "password": "pw-123456"}}
            conduit = (await http.post("/api/users/login", json=conduit_login)).json()["user"]
            for path, header, expected in (
                ("/api/v1/users/me", f"Bearer {v1}", 1),
                ("/api/user", f"Token {conduit['token']}", 1),
                # The account, then the page: two units of work on one pooled connection.
                ("/api/v1/posts?limit=20", f"Bearer {v1}", 2),
            ):
                async with counting_statements(
                    container.engine(), container.sql_connections()
                ) as statements:
                    response = await http.get(path, headers={"Authorization": header})
                assert response.status_code == 200
                assert len(statements) == expected, (path, statements)
