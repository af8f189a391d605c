"""Two-factor through the use cases: enrolment confirmed by a first code, a login that asks
for a code, codes accepted once per time step, recovery codes once each, and turning it off
with the password and a code (RFC 6238; ASVS 5.0.0 6.5, 6.6)."""

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from application.sessions import Client
from application.use_cases.admin.administer_account import AdministrativeChanges
from application.use_cases.auth.change_password import PasswordChange
from application.use_cases.auth.log_in import Credentials
from domain.errors import (
    AlreadyExists,
    AuthenticationFailed,
    InvalidInput,
    PermissionDenied,
    ReauthenticationRequired,
    TwoFactorRequired,
)
from entrypoints.composition.container import Container
from tests.application.conftest import PASSWORD, Member, make_admin, sign_up
from tests.conftest import container_on
from tests.fakes import FakeClock

STEP = timedelta(seconds=30)


@pytest.fixture
def clock(container: Container) -> FakeClock:
    """Minutes in the past, moved up step by step: every token it issues is valid for the
    wall clock too."""
    clock = FakeClock(datetime.now(UTC) - timedelta(minutes=6))
    container.clock.override(clock)
    return clock


def code(secret: str, clock: FakeClock) -> str:
    return pyotp.TOTP(secret).at(clock.now())


async def turned_on(
    container: Container, member: Member, clock: FakeClock
) -> tuple[str, list[str]]:
    enrolment = await container.start_totp_enrolment()(member.actor)
    recovery = await container.confirm_totp_enrolment()(member.actor, code(enrolment.secret, clock))
    clock.advance(STEP)
    return enrolment.secret, recovery


async def test_tfa01_enrolment_is_off_until_a_first_code(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    enrolment = await container.start_totp_enrolment()(ada.actor)
    assert enrolment.uri.startswith("otpauth://totp/Folio:ada%40example.com?")
    assert enrolment.qr_svg.startswith("<svg")
    await container.log_in()(Credentials("ada", PASSWORD))  # not on yet: no code asked
    with pytest.raises(InvalidInput):
        await container.confirm_totp_enrolment()(ada.actor, "000000")
    recovery = await container.confirm_totp_enrolment()(ada.actor, code(enrolment.secret, clock))
    assert len(recovery) == len(set(recovery)) == 10
    with pytest.raises(AlreadyExists):
        await container.start_totp_enrolment()(ada.actor)
    async with container.unit_of_work() as uow:
        record = await uow.two_factor.get(ada.account.id)
    assert record is not None
    assert enrolment.secret not in record.sealed_secret  # sealed at rest


async def test_tfa02_a_login_asks_for_a_code_accepted_once_per_step(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    secret, _ = await turned_on(container, ada, clock)
    with pytest.raises(TwoFactorRequired) as asked:
        await container.log_in()(Credentials("ada", PASSWORD))
    challenge = asked.value.challenge
    complete = container.complete_two_factor_login()
    with pytest.raises(AuthenticationFailed):
        await complete(challenge, "000000")
    now = code(secret, clock)
    signed_in = await complete(challenge, now, Client("192.0.2.4", None))
    actor = await container.authenticate()(signed_in.tokens.access_token)
    assert actor.user_id == ada.account.id
    with pytest.raises(AuthenticationFailed):  # the same code again, within its step
        await complete(challenge, now)
    clock.advance(STEP)
    await complete(challenge, code(secret, clock))
    with pytest.raises(AuthenticationFailed):  # a wrong password still gets no challenge
        await container.log_in()(Credentials("ada", "not the password"))


async def test_tfa03_recovery_codes_work_once_each(container: Container, clock: FakeClock) -> None:
    ada = await sign_up(container, "ada")
    _, recovery = await turned_on(container, ada, clock)
    with pytest.raises(TwoFactorRequired) as asked:
        await container.log_in()(Credentials("ada", PASSWORD))
    complete = container.complete_two_factor_login()
    await complete(asked.value.challenge, recovery[0].upper().replace("-", " "))
    with pytest.raises(AuthenticationFailed):
        await complete(asked.value.challenge, recovery[0])
    async with container.unit_of_work() as uow:
        assert await uow.two_factor.recovery_codes_left(ada.account.id) == 9


async def test_tfa04_a_challenge_is_short_lived_and_cannot_be_forged(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    secret, _ = await turned_on(container, ada, clock)
    with pytest.raises(TwoFactorRequired) as asked:
        await container.log_in()(Credentials("ada", PASSWORD))
    complete = container.complete_two_factor_login()
    forged = asked.value.challenge[:-3] + (
        "AAA" if not asked.value.challenge.endswith("AAA") else "BBB"
    )
    with pytest.raises(AuthenticationFailed, match="challenge"):
        await complete(forged, code(secret, clock))
    clock.advance(timedelta(minutes=5, seconds=1))
    with pytest.raises(AuthenticationFailed, match="challenge"):
        await complete(asked.value.challenge, code(secret, clock))


async def test_tfa05_turning_it_off_needs_the_password_and_a_code(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    secret, _ = await turned_on(container, ada, clock)
    turn_off = container.turn_off_two_factor()
    with pytest.raises(PermissionDenied):
        await turn_off(ada.actor, "not the password", code(secret, clock))
    with pytest.raises(PermissionDenied):
        await turn_off(ada.actor, PASSWORD, "000000")
    await turn_off(ada.actor, PASSWORD, code(secret, clock))
    await container.log_in()(Credentials("ada", PASSWORD))  # no code asked any more


async def test_tfa06_a_step_up_needs_a_code_too(container: Container, clock: FakeClock) -> None:
    ada = await sign_up(container, "ada")
    secret, _ = await turned_on(container, ada, clock)
    with pytest.raises(PermissionDenied):
        await container.reauthenticate()(ada.actor, PASSWORD)
    await container.reauthenticate()(ada.actor, PASSWORD, code(secret, clock))


async def test_tfa07_admins_may_be_required_to_have_two_factor() -> None:
    async with container_on("memory://", require_admin_mfa=True) as container:
        clock = FakeClock(datetime.now(UTC) - timedelta(minutes=4))
        container.clock.override(clock)
        admin = await make_admin(container, await sign_up(container, "root"))
        await sign_up(container, "ada")
        deactivate = AdministrativeChanges(is_active=False)
        with pytest.raises(PermissionDenied, match="two-factor"):
            await container.administer_account()(admin.actor, "ada", deactivate)
        await turned_on(container, admin, clock)
        await container.administer_account()(admin.actor, "ada", deactivate)


async def test_tfa09_turning_it_on_ends_the_other_sessions(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    other = (await container.log_in()(Credentials("ada", PASSWORD))).tokens
    await turned_on(container, ada, clock)
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(other.access_token)
    assert (await container.authenticate()(ada.tokens.access_token)).user_id == ada.account.id


async def test_tfa10_with_two_factor_a_password_change_needs_a_recent_authentication(
    container: Container, clock: FakeClock
) -> None:
    ada = await sign_up(container, "ada")
    secret, _ = await turned_on(container, ada, clock)
    clock.advance(timedelta(minutes=5))  # the sign-in is now more than five minutes old
    change = PasswordChange("a new password", PASSWORD)
    with pytest.raises(ReauthenticationRequired):
        await container.change_password()(ada.actor, change)
    tokens = await container.reauthenticate()(ada.actor, PASSWORD, code(secret, clock))
    fresh = await container.authenticate()(tokens.access_token)
    await container.change_password()(fresh, change)
