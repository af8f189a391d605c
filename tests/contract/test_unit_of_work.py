"""Every storage backend keeps the unit-of-work promise: all or nothing."""

import pytest

from entrypoints.composition.container import Container
from tests.contract.builders import a_user

pytestmark = pytest.mark.usefixtures("any_backend")


async def test_committed_changes_are_visible_to_later_units(any_backend: Container) -> None:
    user = a_user("ada")
    async with any_backend.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.users.get(user.id) == user


async def test_leaving_without_commit_leaves_no_trace(any_backend: Container) -> None:
    user = a_user("ada")
    async with any_backend.unit_of_work() as uow:
        await uow.users.add(user)
    async with any_backend.unit_of_work() as uow:
        assert await uow.users.get(user.id) is None
        assert await uow.users.by_email("ada@example.com") is None


async def test_an_error_rolls_back_everything_in_the_unit(any_backend: Container) -> None:
    user = a_user("ada")
    with pytest.raises(RuntimeError):
        async with any_backend.unit_of_work() as uow:
            await uow.users.add(user)
            await uow.follows.add(user.id, user.id)
            raise RuntimeError("boom")
    async with any_backend.unit_of_work() as uow:
        assert await uow.users.get(user.id) is None
        assert await uow.follows.followed_among(user.id, [user.id]) == set()


async def test_changes_after_a_commit_roll_back_without_another(any_backend: Container) -> None:
    ada, bob = a_user("ada"), a_user("bob")
    async with any_backend.unit_of_work() as uow:
        await uow.users.add(ada)
        await uow.commit()
        await uow.users.add(bob)
    async with any_backend.unit_of_work() as uow:
        assert await uow.users.get(ada.id) is not None
        assert await uow.users.get(bob.id) is None


async def test_updates_roll_back_too(any_backend: Container) -> None:
    user = a_user("ada")
    async with any_backend.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        changed = await uow.users.get(user.id)
        assert changed is not None
        changed.username = "renamed"
        changed.email = "renamed@example.com"
        await uow.users.update(changed)
    async with any_backend.unit_of_work() as uow:
        reloaded = await uow.users.get(user.id)
        assert reloaded is not None
        assert reloaded.username == "ada"
        assert await uow.users.by_username("renamed") is None
        assert await uow.users.by_username("ada") is not None
