import asyncio

import pytest

from domain.errors import NotFound
from entrypoints.composition.container import Container
from tests.contract.builders import a_post, a_user, stored_users


async def test_follows_are_idempotent_pairs(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob, cyd = await stored_users(uow, "ada", "bob", "cyd")
        await uow.follows.add(ada.id, bob.id)
        await uow.follows.add(ada.id, bob.id)
        assert await uow.follows.followed_among(ada.id, [bob.id, cyd.id]) == {bob.id}
        assert await uow.follows.followed_among(bob.id, [ada.id]) == set()
        assert await uow.follows.followed_among(ada.id, []) == set()
        assert await uow.follows.followers_among(bob.id, [ada.id, cyd.id]) == {ada.id}
        assert await uow.follows.followers_among(ada.id, [bob.id]) == set()
        assert await uow.follows.followers_among(bob.id, []) == set()
        await uow.follows.remove(ada.id, bob.id)
        await uow.follows.remove(ada.id, bob.id)
        assert await uow.follows.followed_among(ada.id, [bob.id]) == set()
        assert await uow.follows.followers_among(bob.id, [ada.id]) == set()


async def test_favorites_are_idempotent_and_counted(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        one, two = a_post(ada, "One"), a_post(ada, "Two")
        await uow.posts.add(one)
        await uow.posts.add(two)
        for user in (ada, bob, bob):
            await uow.favorites.add(user.id, one.id)
        assert await uow.favorites.counts([one.id, two.id]) == {one.id: 2}
        assert await uow.favorites.favorited_among(bob.id, [one.id, two.id]) == {one.id}
        await uow.favorites.remove(bob.id, one.id)
        await uow.favorites.remove(bob.id, one.id)
        assert await uow.favorites.counts([one.id]) == {one.id: 1}
        assert await uow.favorites.counts([]) == {}


async def test_concurrent_favorites_are_all_counted_once(any_backend: Container) -> None:
    names = [f"fan{i}" for i in range(8)]
    async with any_backend.unit_of_work() as uow:
        [author, *fans] = await stored_users(uow, "author", *names)
        post = a_post(author, "Popular")
        await uow.posts.add(post)
        await uow.commit()

    async def favorite(user_id: object) -> None:
        async with any_backend.unit_of_work() as uow:
            await uow.favorites.add(user_id, post.id)
            await asyncio.sleep(0.01)
            await uow.commit()

    await asyncio.gather(*(favorite(fan.id) for fan in fans + fans))
    async with any_backend.unit_of_work() as uow:
        assert await uow.favorites.counts([post.id]) == {post.id: len(fans)}


async def test_relations_to_missing_rows_are_not_found(any_backend: Container) -> None:
    ghost = a_user("ghost")
    with pytest.raises(NotFound):
        async with any_backend.unit_of_work() as uow:
            [ada] = await stored_users(uow, "ada")
            await uow.follows.add(ada.id, ghost.id)
    with pytest.raises(NotFound):
        async with any_backend.unit_of_work() as uow:
            [ada] = await stored_users(uow, "ada")
            await uow.favorites.add(ada.id, a_post(ghost, "Ghost").id)
