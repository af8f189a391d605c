"""Step-up: ending other sessions and administering accounts need an authentication at most
REAUTHENTICATION_MAX_AGE_SECONDS old; the password makes one (ASVS 5.0.0 7.5.2, 7.5.3)."""

from datetime import UTC, datetime, timedelta

import pytest

from application.use_cases.admin.administer_account import AdministrativeChanges
from application.use_cases.auth.log_in import Credentials
from domain.errors import PermissionDenied, ReauthenticationRequired
from entrypoints.composition.container import Container
from tests.application.conftest import PASSWORD, Member, make_admin, refresh, sign_up
from tests.fakes import FakeClock

# Tokens are checked against the wall clock too: the test's clock starts this far in the past
# and is moved up to now, so that every token it issues is valid for both.
MAX_AGE = timedelta(seconds=300)
EARLIER = MAX_AGE + timedelta(seconds=1)


@pytest.fixture
def clock(container: Container) -> FakeClock:
    clock = FakeClock(datetime.now(UTC) - EARLIER)
    container.clock.override(clock)
    return clock


async def reauthenticated(container: Container, member: Member) -> Member:
    tokens = await container.reauthenticate()(member.actor, PASSWORD)
    actor = await container.authenticate()(tokens.access_token)
    return Member(member.account, member.tokens, actor)


async def test_stp01_ending_other_sessions_needs_a_recent_authentication(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    other = (await container.log_in()(Credentials("ada", PASSWORD))).tokens
    other_session = (await container.authenticate()(other.access_token)).session_id
    assert other_session is not None
    clock.advance(EARLIER)
    with pytest.raises(ReauthenticationRequired):
        await container.end_session().own(ada.actor, other_session)
    with pytest.raises(ReauthenticationRequired):
        await container.log_out_everywhere()(ada.actor, keep_current=True)
    ada = await reauthenticated(container, ada)
    await container.end_session().own(ada.actor, other_session)
    await container.log_out_everywhere()(ada.actor, keep_current=True)


async def test_stp01_ending_the_current_session_is_logging_out(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    clock.advance(EARLIER)
    assert ada.actor.session_id is not None
    await container.end_session().own(ada.actor, ada.actor.session_id)


async def test_stp02_administering_accounts_needs_a_recent_authentication(
    container: Container, clock: FakeClock
) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    await sign_up(container, "ada")
    clock.advance(EARLIER)
    deactivate = AdministrativeChanges(is_active=False)
    with pytest.raises(ReauthenticationRequired):
        await container.administer_account()(admin.actor, "ada", deactivate)
    with pytest.raises(ReauthenticationRequired):
        await container.delete_user()(admin.actor, "ada")
    [adas] = await container.list_sessions().of_account(admin.actor, "ada")  # reading needs none
    with pytest.raises(ReauthenticationRequired):
        await container.end_session().of_account(admin.actor, "ada", adas.id)
    looked_at = await container.administer_account()(admin.actor, "ada", AdministrativeChanges())
    assert looked_at.is_active  # looking is not changing: no step-up
    admin = await make_admin(container, await reauthenticated(container, admin))
    await container.end_session().of_account(admin.actor, "ada", adas.id)
    await container.administer_account()(admin.actor, "ada", deactivate)
    await container.delete_user()(admin.actor, "ada")


async def test_stp02_a_member_is_told_no_before_being_asked_to_reauthenticate(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    await sign_up(container, "bob")
    clock.advance(EARLIER)
    with pytest.raises(PermissionDenied) as refused:
        await container.delete_user()(ada.actor, "bob")
    assert not isinstance(refused.value, ReauthenticationRequired)


async def test_stp03_a_refresh_keeps_the_sessions_latest_authentication(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    clock.advance(EARLIER)
    stale = await container.refresh_session()(refresh(ada.tokens))
    with pytest.raises(ReauthenticationRequired):
        await container.log_out_everywhere()(
            await container.authenticate()(stale.access_token), keep_current=True
        )
    ada = await reauthenticated(container, ada)
    fresh = await container.refresh_session()(refresh(stale))
    await container.log_out_everywhere()(
        await container.authenticate()(fresh.access_token), keep_current=True
    )


async def test_stp04_a_wrong_password_does_not_reauthenticate(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    clock.advance(EARLIER)
    with pytest.raises(PermissionDenied):
        await container.reauthenticate()(ada.actor, "not the password")
    with pytest.raises(ReauthenticationRequired):
        await container.log_out_everywhere()(ada.actor)
