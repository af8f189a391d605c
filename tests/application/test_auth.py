import logging
from datetime import timedelta

import pytest
from argon2 import PasswordHasher as RawHasher
from dependency_injector import providers

from application.sessions import hash_refresh_token
from application.use_cases.admin.administer_account import AdministrativeChanges
from application.use_cases.auth.change_password import PasswordChange
from application.use_cases.auth.log_in import Credentials
from application.use_cases.auth.register_user import Registration
from domain.errors import (
    AccountDisabled,
    AlreadyExists,
    AuthenticationFailed,
    InvalidInput,
    PermissionDenied,
)
from entrypoints.composition.container import Container
from tests.application.conftest import PASSWORD, make_admin, refresh, sign_up
from tests.fakes import FakeClock


async def test_registering_stores_an_active_member_with_a_hashed_password(
    container: Container,
) -> None:
    account = await container.register_user()(
        Registration("Ada@Example.com", "ada", "s3cret-password")
    )
    assert (account.email, account.username, account.role, account.is_active) == (
        "ada@example.com",
        "ada",
        "member",
        True,
    )
    async with container.unit_of_work() as uow:
        stored = await uow.users.get(account.id)
    assert stored is not None
    assert stored.password_hash.startswith("$argon2id$")
    assert "s3cret-password" not in stored.password_hash


@pytest.mark.parametrize(
    ("email", "username"), [("ADA@example.com", "other"), ("other@example.com", "ADA")]
)
async def test_email_and_username_are_unique_ignoring_case(
    container: Container, email: str, username: str
) -> None:
    await container.register_user()(Registration("ada@example.com", "ada", PASSWORD))
    with pytest.raises(AlreadyExists):
        await container.register_user()(Registration(email, username, PASSWORD))


@pytest.mark.parametrize(
    ("email", "username", "password"),
    [("bad", "ada", PASSWORD), ("a@example.com", "a", PASSWORD), ("a@example.com", "ada", "short")],
)
async def test_invalid_registrations_are_refused(
    container: Container, email: str, username: str, password: str
) -> None:
    with pytest.raises(InvalidInput):
        await container.register_user()(Registration(email, username, password))


async def test_auth03_passwords_are_used_exactly_as_given(container: Container) -> None:
    await container.register_user()(Registration("a@example.com", "ada", "  spaced pw  "))
    await container.log_in()(Credentials("ada", "  spaced pw  "))
    with pytest.raises(AuthenticationFailed):
        await container.log_in()(Credentials("ada", "spaced pw"))


async def test_logging_in_by_email_or_username_ignores_case(container: Container) -> None:
    await sign_up(container, "ada")
    for login in ("ada", "ADA", "Ada@Example.com"):
        pair = (await container.log_in()(Credentials(login, PASSWORD))).tokens
        assert pair.access_token
        assert refresh(pair)
        assert pair.expires_in == 900


async def test_auth01_unknown_account_and_wrong_password_fail_identically(
    container: Container,
) -> None:
    await sign_up(container, "ada")
    errors = []
    for credentials in (Credentials("nobody", PASSWORD), Credentials("ada", "wrong password")):
        with pytest.raises(AuthenticationFailed) as caught:
            await container.log_in()(credentials)
        errors.append((type(caught.value), caught.value.message))
    assert errors[0] == errors[1]


async def test_auth02_an_unknown_account_still_costs_one_verification(
    container: Container,
) -> None:
    hasher = container.password_hasher()
    calls: list[str | None] = []
    real_verify = hasher.verify

    async def counting_verify(password_hash: str | None, password: str) -> bool:
        calls.append(password_hash)
        return await real_verify(password_hash, password)

    hasher.verify = counting_verify  # type: ignore[method-assign]
    with pytest.raises(AuthenticationFailed):
        await container.log_in()(Credentials("nobody", PASSWORD))
    assert calls == [None]


async def test_auth08_login_events_are_logged_without_secrets(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="folio.auth")
    await sign_up(container, "ada-login-name")
    with pytest.raises(AuthenticationFailed):
        await container.log_in()(Credentials("ada-login-name", "wrong password"))
    with pytest.raises(AuthenticationFailed):
        await container.log_in()(Credentials("ada-login-name@example.com", "wrong password"))
    messages = [r.getMessage() for r in caplog.records]
    assert "login_succeeded" in messages
    assert messages.count("login_failed") == 2
    failures = [r for r in caplog.records if r.getMessage() == "login_failed"]
    assert all(len(r.login_fingerprint) >= 16 for r in failures)  # type: ignore[attr-defined]
    rendered = " ".join(str(r.__dict__) for r in caplog.records)
    assert PASSWORD not in rendered
    assert "wrong password" not in rendered
    assert "eyJ" not in rendered
    assert "ada-login-name" not in rendered  # the login name, as typed, is personal data


async def test_a_deactivated_account_cannot_log_in(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    await sign_up(container, "ada")
    await container.administer_account()(admin.actor, "ada", AdministrativeChanges(is_active=False))
    with pytest.raises(AccountDisabled):
        await container.log_in()(Credentials("ada", PASSWORD))


async def test_pwd02_login_rehashes_a_password_hashed_with_old_parameters(
    container: Container,
) -> None:
    member = await sign_up(container, "ada")
    old_hash = RawHasher(time_cost=2, memory_cost=16, parallelism=2).hash(PASSWORD)
    async with container.unit_of_work() as uow:
        user = await uow.users.get(member.account.id)
        assert user is not None
        user.password_hash = old_hash
        await uow.users.update(user)
        await uow.commit()
    await container.log_in()(Credentials("ada", PASSWORD))
    async with container.unit_of_work() as uow:
        user = await uow.users.get(member.account.id)
    assert user is not None
    assert user.password_hash != old_hash
    assert not container.password_hasher().needs_rehash(user.password_hash)


async def test_rt01_refreshing_rotates_the_refresh_token(container: Container) -> None:
    member = await sign_up(container, "ada")
    second = await container.refresh_session()(refresh(member.tokens))
    assert refresh(second) != refresh(member.tokens)
    await container.authenticate()(second.access_token)
    third = await container.refresh_session()(refresh(second))
    assert refresh(third) not in (refresh(member.tokens), refresh(second))


async def test_rt02_reusing_a_rotated_refresh_token_revokes_the_family(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    member = await sign_up(container, "ada")
    other_session = (await container.log_in()(Credentials("ada", PASSWORD))).tokens
    second = await container.refresh_session()(refresh(member.tokens))
    clock.advance(timedelta(seconds=6))  # past the reuse grace window (5 s)
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(member.tokens))
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(second))
    assert "refresh_reuse_detected" in [r.getMessage() for r in caplog.records]
    await container.refresh_session()(refresh(other_session))  # other families live on


async def test_rt08_a_repeat_within_the_grace_window_is_refused_but_the_session_lives(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    member = await sign_up(container, "ada")
    second = await container.refresh_session()(refresh(member.tokens))
    clock.advance(timedelta(seconds=5))
    with pytest.raises(AuthenticationFailed):  # the same token again, moments later
        await container.refresh_session()(refresh(member.tokens))
    assert "refresh_reuse_detected" not in [r.getMessage() for r in caplog.records]
    third = await container.refresh_session()(refresh(second))  # the session goes on
    clock.advance(timedelta(seconds=6))
    with pytest.raises(AuthenticationFailed):  # after the window, reuse is a replay
        await container.refresh_session()(refresh(second))
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(third))  # and the family is gone


async def test_rt03_only_a_hash_of_the_refresh_token_is_stored(container: Container) -> None:
    member = await sign_up(container, "ada")
    token = refresh(member.tokens)
    assert len(token) >= 43  # 32 random bytes, base64url
    store = container.memory_store()
    assert token not in store.refresh_tokens
    assert hash_refresh_token(token) in store.refresh_tokens


async def test_rt04_refresh_tokens_expire_absolutely_despite_rotation(
    container: Container,
) -> None:
    clock = FakeClock()
    container.clock.override(providers.Object(clock))
    member = await sign_up(container, "ada")
    token = refresh(member.tokens)
    for _ in range(3):
        clock.advance(timedelta(days=9))
        token = refresh(await container.refresh_session()(token))
    clock.advance(timedelta(days=3, seconds=1))
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(token)


async def test_rt05_logging_out_ends_the_session(container: Container) -> None:
    member = await sign_up(container, "ada")
    await container.log_out()(refresh(member.tokens))
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(member.tokens))
    await container.log_out()(refresh(member.tokens))  # twice is fine


async def test_tok06_an_access_token_is_not_a_refresh_token_and_vice_versa(
    container: Container,
) -> None:
    member = await sign_up(container, "ada")
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(member.tokens.access_token)
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(refresh(member.tokens))


async def test_rt06_changing_the_password_ends_every_other_session(container: Container) -> None:
    member = await sign_up(container, "ada")
    other = (await container.log_in()(Credentials("ada", PASSWORD))).tokens
    await container.change_password()(member.actor, PasswordChange("a new password", PASSWORD))
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(other))
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(other.access_token)
    await container.refresh_session()(refresh(member.tokens))  # the session that changed it
    await container.log_in()(Credentials("ada", "a new password"))
    with pytest.raises(AuthenticationFailed):
        await container.log_in()(Credentials("ada", PASSWORD))


async def test_auth05_changing_the_password_needs_the_current_one(container: Container) -> None:
    member = await sign_up(container, "ada")
    with pytest.raises(PermissionDenied):
        await container.change_password()(member.actor, PasswordChange("new password", "wrong!!!"))
    with pytest.raises(InvalidInput):
        await container.change_password()(member.actor, PasswordChange("short", PASSWORD))
    await container.log_in()(Credentials("ada", PASSWORD))


async def test_tok09_tokens_of_deleted_or_deactivated_users_stop_working(
    container: Container,
) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    await container.administer_account()(admin.actor, "ada", AdministrativeChanges(is_active=False))
    await container.delete_user()(admin.actor, "bob")
    for member in (ada, bob):
        with pytest.raises(AuthenticationFailed):
            await container.authenticate()(member.tokens.access_token)
        with pytest.raises(AuthenticationFailed):
            await container.refresh_session()(refresh(member.tokens))
