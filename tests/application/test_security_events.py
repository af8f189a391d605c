"""Each security-relevant change leaves its record in the audit trail, in its own unit of
work, naming who did it to whom, and never a secret."""

from datetime import UTC, datetime, timedelta

import pytest

from application.paging import PageQuery, PageRequest
from application.ports.security_events import (
    SecurityEvent,
    SecurityEventFilters,
    SecurityEventKind,
)
from application.use_cases.admin.administer_account import AdministrativeChanges
from application.use_cases.auth.change_password import PasswordChange
from application.use_cases.auth.log_in import Credentials
from application.use_cases.auth.register_user import Registration
from domain.errors import AuthenticationFailed, PermissionDenied
from domain.users import Role
from entrypoints.composition.container import Container
from tests.application.conftest import PASSWORD, make_admin, refresh, sign_up
from tests.fakes import FakeClock

Kind = SecurityEventKind


async def trail(container: Container) -> list[SecurityEvent]:
    """Every record, oldest first."""
    async with container.unit_of_work() as uow:
        found = await uow.security_events.find(SecurityEventFilters(), PageQuery(limit=100))
    return list(reversed(found.items))


async def test_logins_and_failed_logins_are_recorded(container: Container) -> None:
    ada = await sign_up(container, "ada")
    with pytest.raises(AuthenticationFailed):
        await container.log_in()(Credentials("ada", "not the password"))
    with pytest.raises(AuthenticationFailed):
        await container.log_in()(Credentials("nobody", PASSWORD))
    succeeded, wrong, unknown = await trail(container)
    assert (succeeded.kind, succeeded.actor_id, succeeded.target_id) == (
        Kind.LOGIN_SUCCEEDED,
        ada.account.id,
        ada.account.id,
    )
    assert (wrong.kind, wrong.actor_id, wrong.target_id) == (
        Kind.LOGIN_FAILED,
        None,
        ada.account.id,
    )
    assert wrong.details["reason"] == "wrong_credentials"
    assert wrong.details["login_fingerprint"] == container.login_fingerprints()("ada")
    assert (unknown.kind, unknown.target_id) == (Kind.LOGIN_FAILED, None)


async def test_a_deactivated_accounts_right_password_is_a_failed_login(
    container: Container,
) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    await sign_up(container, "ada")
    await container.administer_account()(admin.actor, "ada", AdministrativeChanges(is_active=False))
    with pytest.raises(PermissionDenied):
        await container.log_in()(Credentials("ada", PASSWORD))
    last = (await trail(container))[-1]
    assert (last.kind, last.details["reason"]) == (Kind.LOGIN_FAILED, "account_disabled")


async def test_credential_and_session_changes_are_recorded(container: Container) -> None:
    ada = await sign_up(container, "ada")
    other = (await container.log_in()(Credentials("ada", PASSWORD))).tokens
    before = len(await trail(container))
    await container.change_password()(ada.actor, PasswordChange("a new password", PASSWORD))
    await container.log_out()(refresh(ada.tokens))
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(other))  # ended by the password change
    kinds = [(e.kind, e.actor_id, e.target_id) for e in (await trail(container))[before:]]
    assert kinds == [
        (Kind.PASSWORD_CHANGED, ada.account.id, ada.account.id),
        (Kind.SESSION_ENDED, ada.account.id, ada.account.id),
    ]


async def test_a_reused_refresh_token_is_recorded(container: Container) -> None:
    clock = FakeClock(datetime.now(UTC) - timedelta(minutes=1))
    container.clock.override(clock)
    ada = await sign_up(container, "ada")
    await container.refresh_session()(refresh(ada.tokens))
    clock.advance(timedelta(minutes=1))
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(ada.tokens))
    last = (await trail(container))[-1]
    assert (last.kind, last.actor_id, last.target_id) == (
        Kind.REFRESH_TOKEN_REUSED,
        None,
        ada.account.id,
    )
    assert last.details["session_id"] == str(ada.actor.session_id)


async def test_admin_actions_are_recorded_with_the_admin_as_actor(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    ada = await sign_up(container, "ada")
    before = len(await trail(container))
    administer = container.administer_account()
    await administer(admin.actor, "ada", AdministrativeChanges(role=Role.ADMIN))
    await administer(admin.actor, "ada", AdministrativeChanges(role=Role.ADMIN))  # no change
    await administer(admin.actor, "ada", AdministrativeChanges(is_active=False))
    await administer(admin.actor, "ada", AdministrativeChanges(is_active=True))
    await container.delete_user()(admin.actor, "ada")
    events = (await trail(container))[before:]
    assert [e.kind for e in events] == [
        Kind.ROLE_CHANGED,
        Kind.ACCOUNT_DEACTIVATED,
        Kind.ACCOUNT_REACTIVATED,
        Kind.ACCOUNT_DELETED,
    ]
    assert {(e.actor_id, e.target_id) for e in events} == {(admin.account.id, ada.account.id)}
    assert events[0].details == {"role": "admin"}


async def test_an_admin_made_on_the_command_line_is_recorded(container: Container) -> None:
    made = await container.create_admin()(Registration("root@example.com", "root", PASSWORD))
    [event] = await trail(container)
    assert (event.kind, event.actor_id, event.target_id) == (Kind.ADMIN_CREATED, None, made.id)
    assert (event.address, event.request_id) == (None, None)  # no request made it


async def test_you_see_your_own_accounts_events_and_an_admin_sees_all(
    container: Container,
) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    ada = await sign_up(container, "ada")
    listing = container.list_security_events()
    own = await listing.own(ada.actor, PageRequest())
    assert [e.kind for e in own.items] == [Kind.LOGIN_SUCCEEDED]
    with pytest.raises(PermissionDenied):
        await listing.all(ada.actor, SecurityEventFilters(), PageRequest())
    first = await listing.all(admin.actor, SecurityEventFilters(), PageRequest(limit=1))
    assert first.next_cursor is not None
    rest = await listing.all(
        admin.actor, SecurityEventFilters(), PageRequest(limit=1, cursor=first.next_cursor)
    )
    assert [e.target_id for e in (*first.items, *rest.items)] == [ada.account.id, admin.account.id]
