import asyncio
from datetime import timedelta

import pytest

from application.paging import PageQuery
from domain.errors import AlreadyExists
from domain.users import Role, User
from entrypoints.composition.container import Container
from tests.contract.builders import T0, a_user, stored_users


async def test_a_user_round_trips_every_field(any_backend: Container) -> None:
    user = a_user("Ada_L")
    user.bio, user.image, user.role, user.is_active = (
        "Bio",
        "https://i.example/a",
        Role.ADMIN,
        False,
    )
    async with any_backend.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        loaded = await uow.users.get(user.id)
    assert loaded is not None
    assert vars(loaded) == vars(user)
    assert loaded.created_at.tzinfo is not None
    assert loaded.created_at == T0


async def test_lookups_by_username_ignore_case(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "Ada_L")
        assert await uow.users.by_username("ada_l") == ada
        assert await uow.users.by_username("ADA_L") == ada
        assert await uow.users.by_email("ada_l@example.com") == ada
        assert await uow.users.by_username("nobody") is None


@pytest.mark.parametrize(("email", "username"), [("ADA@example.com", "other"), ("o@x.io", "ADA")])
async def test_email_and_username_are_unique_ignoring_case(
    any_backend: Container, email: str, username: str
) -> None:
    async with any_backend.unit_of_work() as uow:
        await stored_users(uow, "ada")
        await uow.commit()
    clash = a_user("xyz")
    clash.email, clash.username = email.lower(), username
    with pytest.raises(AlreadyExists):
        async with any_backend.unit_of_work() as uow:
            await uow.users.add(clash)


async def test_an_update_onto_a_taken_name_is_a_conflict(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        _, bob = await stored_users(uow, "ada", "bob")
        await uow.commit()
    bob.username = "Ada"
    with pytest.raises(AlreadyExists):
        async with any_backend.unit_of_work() as uow:
            await uow.users.update(bob)


async def test_concurrent_sign_ups_with_one_email_give_one_success(
    any_backend: Container,
) -> None:
    async def sign_up(user: User) -> str:
        try:
            async with any_backend.unit_of_work() as uow:
                await uow.users.add(user)
                await asyncio.sleep(0.05)  # hold the transaction open while the other runs
                await uow.commit()
        except AlreadyExists:
            return "conflict"
        return "created"

    first, second = a_user("ada"), a_user("bob")
    second.email = first.email
    outcomes = await asyncio.gather(sign_up(first), sign_up(second))
    assert sorted(outcomes) == ["conflict", "created"]


async def test_search_matches_email_or_username_prefix_newest_first(
    any_backend: Container,
) -> None:
    async with any_backend.unit_of_work() as uow:
        await stored_users(uow, "ada", "adam", "bob", "x_ad")
        found = await uow.users.search("ad", PageQuery(limit=10))
        assert [u.username for u in found.items] == ["adam", "ada"]
        escaped = await uow.users.search("x_", PageQuery(limit=10))
        assert [u.username for u in escaped.items] == ["x_ad"]
        assert [u.username for u in (await uow.users.search("%", PageQuery(limit=10))).items] == []
        page = await uow.users.search(None, PageQuery(limit=3, offset=0))
        assert (len(page.items), page.has_more, page.total) == (3, True, 4)


async def test_get_many_returns_the_users_that_exist(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        missing = a_user("gone").id
        found = await uow.users.get_many([ada.id, bob.id, missing])
        assert set(found) == {ada.id, bob.id}
        assert await uow.users.get_many([]) == {}


async def test_timestamps_keep_microseconds_and_utc(any_backend: Container) -> None:
    user = a_user("ada", at=T0 + timedelta(microseconds=1))
    async with any_backend.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        loaded = await uow.users.get(user.id)
    assert loaded is not None
    assert loaded.updated_at == user.updated_at
    assert loaded.updated_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize("field", ["email", "username"])
async def test_a_conflict_names_the_field_that_collides(any_backend: Container, field: str) -> None:
    async with any_backend.unit_of_work() as uow:
        await stored_users(uow, "ada")
        await uow.commit()
    clash = a_user("xyz")
    setattr(clash, field, "ada@example.com" if field == "email" else "ADA")
    with pytest.raises(AlreadyExists) as caught:
        async with any_backend.unit_of_work() as uow:
            await uow.users.add(clash)
    assert caught.value.field == field
