import asyncio
from datetime import timedelta
from typing import Any

import pytest

from application.paging import PageQuery, Position, Slice
from application.ports.posts import PostCriteria
from domain.errors import AlreadyExists, NotFound, StaleVersion
from entrypoints.composition.container import Container
from tests.contract.builders import T0, a_post, stored_session, stored_users

EVERYTHING = PostCriteria()


async def test_a_post_round_trips_with_its_tags_in_order(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        post = a_post(ada, "Tagged", tags=("zeta", "alpha", "mid"))
        await uow.posts.add(post)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        loaded = await uow.posts.by_slug("tagged")
    assert loaded is not None
    assert vars(loaded) == vars(post)
    assert loaded.tags == ("zeta", "alpha", "mid")


async def test_slugs_are_unique(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        await uow.posts.add(a_post(ada, "Same"))
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.posts.slug_taken("same")
        assert not await uow.posts.slug_taken("other")
    with pytest.raises(AlreadyExists):
        async with any_backend.unit_of_work() as uow:
            await uow.posts.add(a_post(ada, "Same"))


async def test_updates_check_the_version(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        post = a_post(ada, "Versioned", tags=("a",))
        await uow.posts.add(post)
        await uow.commit()
    post.edit(now=T0 + timedelta(seconds=1), body="v2", tags=["b", "c"])
    async with any_backend.unit_of_work() as uow:
        await uow.posts.update(post, previous_version=1)
        await uow.commit()
    post.edit(now=T0 + timedelta(seconds=2), body="v3")
    with pytest.raises(StaleVersion):
        async with any_backend.unit_of_work() as uow:
            await uow.posts.update(post, previous_version=1)
    async with any_backend.unit_of_work() as uow:
        loaded = await uow.posts.by_slug("versioned")
    assert loaded is not None
    assert (loaded.body, loaded.version, loaded.tags) == ("v2", 2, ("b", "c"))


async def test_of_two_concurrent_edits_of_one_version_one_is_stale(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        await uow.posts.add(a_post(ada, "Contested"))
        await uow.commit()

    async def edit(body: str) -> str:
        try:
            async with any_backend.unit_of_work() as uow:
                post = await uow.posts.by_slug("contested")
                assert post is not None
                post.edit(now=T0, body=body)
                await uow.posts.update(post, previous_version=1)
                await asyncio.sleep(0.05)
                await uow.commit()
        except StaleVersion:
            return "stale"
        return "saved"

    assert sorted(await asyncio.gather(edit("one"), edit("two"))) == ["saved", "stale"]


async def test_updating_a_deleted_post_is_not_found(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        post = a_post(ada, "Gone")
        await uow.posts.add(post)
        await uow.posts.delete(post.id)
        with pytest.raises(NotFound):
            await uow.posts.update(post, previous_version=1)


async def test_cursor_paging_is_newest_first_with_ties_broken_by_id(
    any_backend: Container,
) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        # Twelve posts, three per timestamp: ties on created_at must neither repeat nor skip.
        posts = [a_post(ada, f"Post {i}", at=T0 + timedelta(seconds=i // 3)) for i in range(12)]
        for post in posts:
            await uow.posts.add(post)
        await uow.commit()
    expected = [p.id for p in sorted(posts, key=lambda p: (p.created_at, p.id), reverse=True)]
    seen, after = [], None
    async with any_backend.unit_of_work() as uow:
        while True:
            page = await uow.posts.find(EVERYTHING, PageQuery(limit=5, after=after))
            seen += [p.id for p in page.items]
            if not page.has_more:
                break
            last = page.items[-1]
            after = Position(last.created_at, last.id)
        assert page.total is None
    assert seen == expected


async def test_offset_paging_counts_the_total(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        posts = [a_post(ada, f"Post {i}", at=T0 + timedelta(seconds=i // 2)) for i in range(7)]
        for post in posts:
            await uow.posts.add(post)
        expected = [p.id for p in sorted(posts, key=lambda p: (p.created_at, p.id), reverse=True)]
        middle = await uow.posts.find(EVERYTHING, PageQuery(limit=3, offset=3))
        last = await uow.posts.find(EVERYTHING, PageQuery(limit=3, offset=6))
        beyond = await uow.posts.find(EVERYTHING, PageQuery(limit=3, offset=50))
    assert ([p.id for p in middle.items], middle.has_more, middle.total) == (expected[3:6], True, 7)
    assert ([p.id for p in last.items], last.has_more, last.total) == (expected[6:], False, 7)
    assert (beyond.items, beyond.total) == ([], 7)


async def test_offset_totals_count_a_bounded_number_of_rows(any_backend: Container) -> None:
    """Counted up to `count_up_to`: at it, "at least"; a page deeper than the count reaches
    says how far it reaches. The same for posts, post views, users and comments."""
    async with any_backend.unit_of_work() as uow:
        ada, *_ = await stored_users(uow, "ada", *(f"user{i}" for i in range(6)))
        posts = [a_post(ada, f"Post {i}", at=T0 + timedelta(seconds=i)) for i in range(7)]
        for post in posts:
            await uow.posts.add(post)
        for i in range(7):
            await uow.comments.add(
                post_id=posts[0].id, author_id=ada.id, body=f"c{i}", created_at=T0
            )

        def totals(found: list[Slice[Any]]) -> list[int | None]:
            return [f.total for f in found]

        for offset, expected in ((0, 3), (2, 5), (4, 7), (6, 7), (50, 3)):
            page = PageQuery(limit=2, offset=offset, count_up_to=3)
            found = [
                await uow.posts.find(EVERYTHING, page),
                await uow.post_views.find(EVERYTHING, page, None),
                await uow.users.search(None, page),
                await uow.comments.list_for_post(posts[0].id, page),
            ]
            assert totals(found) == [expected] * 4, offset
        exact = PageQuery(limit=2, offset=0, count_up_to=100)
        assert (await uow.posts.find(EVERYTHING, exact)).total == 7


async def test_filters_combine(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob, cyd = await stored_users(uow, "ada", "bob", "cyd")
        await uow.posts.add(a_post(ada, "Ada Python", tags=("python",)))
        await uow.posts.add(a_post(ada, "Ada Go 50% off", tags=("go",), at=T0 + timedelta(1)))
        bobs = a_post(bob, "Bob Python", tags=("python", "web"), at=T0 + timedelta(2))
        await uow.posts.add(bobs)
        await uow.favorites.add(cyd.id, bobs.id)
        await uow.follows.add(cyd.id, ada.id)

        async def titles(**criteria: object) -> list[str]:
            page = await uow.posts.find(PostCriteria(**criteria), PageQuery(limit=10))  # type: ignore[arg-type]
            return [p.title for p in page.items]

        assert await titles(author_id=ada.id) == ["Ada Go 50% off", "Ada Python"]
        assert await titles(tag="python") == ["Bob Python", "Ada Python"]
        assert await titles(tag="python", author_id=bob.id) == ["Bob Python"]
        assert await titles(favorited_by=cyd.id) == ["Bob Python"]
        assert await titles(followed_by=cyd.id) == ["Ada Go 50% off", "Ada Python"]
        assert await titles(followed_by=bob.id) == []
        assert await titles(text="PYTHON") == ["Bob Python", "Ada Python"]
        assert await titles(text="about ada go") == ["Ada Go 50% off"]  # description matches
        assert await titles(text="50%") == ["Ada Go 50% off"]
        assert await titles(text="5_%") == []
        assert await titles(text="' OR 1=1 --") == []


async def test_tag_counts_rank_by_use_then_name(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        await uow.posts.add(a_post(ada, "One", tags=("b", "a")))
        await uow.posts.add(a_post(ada, "Two", tags=("b", "c")))
        await uow.posts.add(a_post(ada, "Three", tags=("b", "a")))
        counts = await uow.posts.tag_counts(limit=10)
        assert [(t.name, t.count) for t in counts] == [("b", 3), ("a", 2), ("c", 1)]
        assert len(await uow.posts.tag_counts(limit=2)) == 2


async def test_deleting_a_post_removes_its_tags_comments_and_favorites(
    any_backend: Container,
) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        doomed, kept = a_post(ada, "Doomed", tags=("x",)), a_post(ada, "Kept", tags=("y",))
        for post in (doomed, kept):
            await uow.posts.add(post)
            await uow.favorites.add(bob.id, post.id)
            await uow.comments.add(post_id=post.id, author_id=bob.id, body="c", created_at=T0)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        await uow.posts.delete(doomed.id)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.posts.by_slug("doomed") is None
        assert [t.name for t in await uow.posts.tag_counts(10)] == ["y"]
        assert await uow.favorites.counts([doomed.id, kept.id]) == {kept.id: 1}
        assert (await uow.comments.list_for_post(doomed.id, PageQuery(limit=5))).items == []
        assert len((await uow.comments.list_for_post(kept.id, PageQuery(limit=5))).items) == 1


async def test_deleting_a_user_cascades_to_everything_of_theirs(any_backend: Container) -> None:
    from application.ports.refresh_tokens import RefreshTokenRecord

    sessions = {}
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        adas, bobs = a_post(ada, "Adas", tags=("t",)), a_post(bob, "Bobs")
        await uow.posts.add(adas)
        await uow.posts.add(bobs)
        await uow.comments.add(post_id=bobs.id, author_id=ada.id, body="ada", created_at=T0)
        await uow.comments.add(post_id=bobs.id, author_id=bob.id, body="bob", created_at=T0)
        await uow.comments.add(post_id=adas.id, author_id=bob.id, body="on ada", created_at=T0)
        await uow.favorites.add(ada.id, bobs.id)
        await uow.favorites.add(bob.id, adas.id)
        await uow.follows.add(ada.id, bob.id)
        await uow.follows.add(bob.id, ada.id)
        for user, name in ((ada, "a"), (bob, "b")):
            session = await stored_session(uow, user.id)
            record = RefreshTokenRecord(name * 64, session.id, user.id, session.expires_at)
            await uow.refresh_tokens.add(record)
            sessions[user.id] = session.id
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        await uow.users.delete(ada.id)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.users.get(ada.id) is None
        remaining = await uow.posts.find(EVERYTHING, PageQuery(limit=10))
        assert [p.slug for p in remaining.items] == ["bobs"]
        comments = await uow.comments.list_for_post(bobs.id, PageQuery(limit=10))
        assert [c.body for c in comments.items] == ["bob"]
        assert await uow.favorites.counts([bobs.id]) == {}
        assert await uow.follows.followed_among(bob.id, [ada.id]) == set()
        assert await uow.refresh_tokens.consume("a" * 64, T0) is None
        assert await uow.refresh_tokens.consume("b" * 64, T0) is not None
        assert await uow.sessions.get(sessions[ada.id]) is None
        assert await uow.sessions.get(sessions[bob.id]) is not None
        assert await uow.posts.tag_counts(10) == []


async def test_a_slug_conflict_names_the_slug(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        await uow.posts.add(a_post(ada, "Same"))
        await uow.commit()
    with pytest.raises(AlreadyExists) as caught:
        async with any_backend.unit_of_work() as uow:
            await uow.posts.add(a_post(ada, "Same"))
    assert caught.value.field == "slug"
