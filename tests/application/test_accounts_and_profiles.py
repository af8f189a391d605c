import pytest

from application.paging import PageRequest
from application.use_cases.accounts.update_own_account import AccountChanges
from application.use_cases.admin.administer_account import AdministrativeChanges
from application.use_cases.auth.log_in import Credentials
from domain.errors import (
    AlreadyExists,
    InvalidInput,
    NotFound,
    PermissionDenied,
)
from domain.users import Role
from entrypoints.composition.container import Container
from tests.application.conftest import PASSWORD, account_of, make_admin, sign_up


async def test_own_account_can_be_read_and_updated(container: Container) -> None:
    member = await sign_up(container, "ada")
    updated = await container.update_own_account()(
        member.actor,
        AccountChanges(username="ada2", bio="Hi", image="https://img.example/a.png"),
    )
    assert (updated.username, updated.bio, updated.image) == (
        "ada2",
        "Hi",
        "https://img.example/a.png",
    )
    assert await account_of(container, member) == updated
    cleared = await container.update_own_account()(member.actor, AccountChanges(image=""))
    assert cleared.image is None


async def test_auth05_changing_the_email_requires_the_current_password(
    container: Container,
) -> None:
    member = await sign_up(container, "ada")
    with pytest.raises(InvalidInput):
        await container.update_own_account()(member.actor, AccountChanges(email="new@example.com"))
    with pytest.raises(PermissionDenied):
        await container.update_own_account()(
            member.actor, AccountChanges(email="new@example.com", current_password="wrong pw!")
        )
    updated = await container.update_own_account()(
        member.actor, AccountChanges(email="New@Example.com", current_password=PASSWORD)
    )
    assert updated.email == "new@example.com"
    await container.log_in()(Credentials("new@example.com", PASSWORD))


async def test_restating_the_same_email_needs_no_password(container: Container) -> None:
    member = await sign_up(container, "ada")
    await container.update_own_account()(member.actor, AccountChanges(email="ADA@example.com"))


async def test_taking_another_users_name_is_a_conflict(container: Container) -> None:
    await sign_up(container, "bob")
    member = await sign_up(container, "ada")
    with pytest.raises(AlreadyExists):
        await container.update_own_account()(member.actor, AccountChanges(username="BOB"))
    assert (await account_of(container, member)).username == "ada"


async def test_profiles_show_whether_the_viewer_follows(container: Container) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    assert not (await container.view_profile()("bob", ada.actor)).following
    followed = await container.follow_user()(ada.actor, "BOB")
    assert followed.following
    assert (await container.follow_user()(ada.actor, "bob")).following  # idempotent
    assert (await container.view_profile()("bob", ada.actor)).following
    assert not (await container.view_profile()("bob")).following
    assert not (await container.view_profile()("ada", bob.actor)).following
    assert not (await container.unfollow_user()(ada.actor, "bob")).following
    assert not (await container.view_profile()("bob", ada.actor)).following


async def test_following_yourself_or_nobody_is_refused(container: Container) -> None:
    ada = await sign_up(container, "ada")
    with pytest.raises(InvalidInput):
        await container.follow_user()(ada.actor, "ada")
    with pytest.raises(NotFound):
        await container.follow_user()(ada.actor, "nobody")
    with pytest.raises(NotFound):
        await container.view_profile()("nobody")


async def test_ac02_admin_functions_require_the_admin_role(container: Container) -> None:
    ada = await sign_up(container, "ada")
    await sign_up(container, "bob")
    for action in (
        container.list_users()(ada.actor),
        container.administer_account()(ada.actor, "bob", AdministrativeChanges(Role.ADMIN)),
        container.administer_account()(ada.actor, "bob", AdministrativeChanges(is_active=False)),
        container.administer_account()(ada.actor, "bob", AdministrativeChanges()),
        container.delete_user()(ada.actor, "bob"),
    ):
        with pytest.raises(PermissionDenied):
            await action


async def test_admins_list_and_search_users_newest_first(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    for name in ("ada", "adam", "bob"):
        await sign_up(container, name)
    everyone = await container.list_users()(admin.actor)
    assert [a.username for a in everyone.items] == ["bob", "adam", "ada", "root"]
    found = await container.list_users()(admin.actor, "AD")
    assert [a.username for a in found.items] == ["adam", "ada"]
    first = await container.list_users()(admin.actor, page=PageRequest(limit=3))
    assert first.next_cursor is not None
    rest = await container.list_users()(admin.actor, page=PageRequest(cursor=first.next_cursor))
    assert [a.username for a in rest.items] == ["root"]
    assert rest.next_cursor is None
    counted = await container.list_users()(admin.actor, page=PageRequest(limit=2, offset=1))
    assert ([a.username for a in counted.items], counted.total) == (["adam", "ada"], 4)


async def test_admins_change_roles_and_reactivate(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    await sign_up(container, "ada")
    administer = container.administer_account()
    promoted = await administer(admin.actor, "ada", AdministrativeChanges(role=Role.ADMIN))
    assert promoted.role is Role.ADMIN
    assert not (
        await administer(admin.actor, "ada", AdministrativeChanges(is_active=False))
    ).is_active
    assert (await administer(admin.actor, "ada", AdministrativeChanges(is_active=True))).is_active
    await container.log_in()(Credentials("ada", PASSWORD))


async def test_cc01_a_role_and_an_active_flag_change_together_or_not_at_all(
    container: Container,
) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    await sign_up(container, "ada")
    both = AdministrativeChanges(role=Role.ADMIN, is_active=False)
    changed = await container.administer_account()(admin.actor, "ada", both)
    assert (changed.role, changed.is_active) == (Role.ADMIN, False)
    with pytest.raises(PermissionDenied):  # the second half is refused: nothing changes
        await container.administer_account()(
            admin.actor, "root", AdministrativeChanges(role=Role.ADMIN, is_active=False)
        )
    seen = await container.administer_account()(admin.actor, "root", AdministrativeChanges())
    assert (seen.role, seen.is_active) == (Role.ADMIN, True)


async def test_admins_cannot_lock_themselves_out(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    for action in (
        container.administer_account()(admin.actor, "root", AdministrativeChanges(Role.MEMBER)),
        container.administer_account()(admin.actor, "root", AdministrativeChanges(is_active=False)),
        container.delete_user()(admin.actor, "root"),
    ):
        with pytest.raises(PermissionDenied):
            await action


async def test_admin_actions_on_unknown_users_are_not_found(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    with pytest.raises(NotFound):
        await container.delete_user()(admin.actor, "nobody")
