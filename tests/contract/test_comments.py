from datetime import timedelta

from application.paging import PageQuery, Position
from entrypoints.composition.container import Container
from tests.contract.builders import T0, a_post, stored_users


async def test_comments_get_positive_increasing_ids(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        post = a_post(ada, "Post")
        await uow.posts.add(post)
        first = await uow.comments.add(post_id=post.id, author_id=ada.id, body="1", created_at=T0)
        second = await uow.comments.add(post_id=post.id, author_id=ada.id, body="2", created_at=T0)
        assert 0 < first.id < second.id
        assert await uow.comments.get(first.id) == first
        await uow.comments.delete(first.id)
        assert await uow.comments.get(first.id) is None


async def test_comments_page_oldest_first_with_ties(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        post, other = a_post(ada, "Post"), a_post(ada, "Other")
        await uow.posts.add(post)
        await uow.posts.add(other)
        await uow.comments.add(post_id=other.id, author_id=ada.id, body="x", created_at=T0)
        bodies = []
        for i in range(7):
            at = T0 + timedelta(seconds=i // 3)
            await uow.comments.add(post_id=post.id, author_id=ada.id, body=str(i), created_at=at)
            bodies.append(str(i))
        seen, after = [], None
        while True:
            page = await uow.comments.list_for_post(post.id, PageQuery(limit=3, after=after))
            seen += [c.body for c in page.items]
            if not page.has_more:
                break
            after = Position(page.items[-1].created_at, page.items[-1].id)
        assert seen == bodies
        counted = await uow.comments.list_for_post(post.id, PageQuery(limit=2, offset=6))
        assert ([c.body for c in counted.items], counted.total) == (["6"], 7)
