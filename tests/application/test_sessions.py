"""Sessions through the use cases: what a sign-in records, who may see and end which, and that
an ended session's tokens stop working at once."""

from datetime import timedelta
from uuid import UUID

import pytest

from application.housekeeping import SESSIONS_KEPT_AFTER_EXPIRY
from application.sessions import Client
from application.use_cases.auth.log_in import Credentials
from application.use_cases.auth.register_user import Registration
from domain.errors import AuthenticationFailed, NotFound, PermissionDenied
from domain.events import SessionEnded, SessionsEnded
from domain.users import Actor
from entrypoints.composition.container import Container
from tests.application.conftest import PASSWORD, make_admin, refresh, sign_up
from tests.application.test_recorded_events import recorded
from tests.fakes import FakeClock

FIREFOX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


async def actor_of(container: Container, access_token: str) -> Actor:
    return await container.authenticate()(access_token)


async def session_of(container: Container, access_token: str) -> UUID | None:
    return (await actor_of(container, access_token)).session_id


async def test_a_login_is_a_session_labelled_from_its_client(container: Container) -> None:
    await sign_up(container, "ada")
    phone = await container.log_in()(Credentials("ada", PASSWORD), Client("198.51.100.4", IPHONE))
    sessions = await container.list_sessions().own(
        await actor_of(container, phone.tokens.access_token)
    )
    assert [(s.label, s.last_address, s.current) for s in sessions] == [
        ("Mobile Safari on iOS", "198.51.100.4", True),
        ("Unknown device", None, False),  # sign_up's login says nothing of its client
    ]


async def test_a_refresh_is_the_sessions_latest_use(container: Container) -> None:
    clock = FakeClock()
    container.clock.override(clock)
    ada = await sign_up(container, "ada")
    clock.advance(timedelta(seconds=3))  # within the tokens' leeway for the wall clock
    renewed = await container.refresh_session()(refresh(ada.tokens), Client("192.0.2.9", FIREFOX))
    [session] = await container.list_sessions().own(ada.actor)
    assert session.last_used_at - session.created_at == timedelta(seconds=3)
    assert session.last_address == "192.0.2.9"
    assert session.label == "Unknown device"  # the label is the sign-in's
    assert await session_of(container, renewed.access_token) == session.id


async def test_ending_a_session_refuses_its_tokens_at_their_next_use(container: Container) -> None:
    ada = await sign_up(container, "ada")
    laptop = (await container.log_in()(Credentials("ada", PASSWORD))).tokens
    ending = await session_of(container, ada.tokens.access_token)
    await recorded(container)
    assert ending is not None
    await container.end_session().own(ada.actor, ending)
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(ada.tokens.access_token)
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(ada.tokens))
    assert (await container.authenticate()(laptop.access_token)).user_id == ada.account.id
    [event] = await recorded(container)
    assert isinstance(event, SessionEnded)
    assert (event.user_id, event.session_id) == (ada.account.id, ending)


async def test_a_session_of_another_account_is_not_found(container: Container) -> None:
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    bobs = await session_of(container, bob.tokens.access_token)
    assert bobs is not None
    with pytest.raises(NotFound):
        await container.end_session().own(ada.actor, bobs)
    assert (await container.authenticate()(bob.tokens.access_token)).user_id == bob.account.id


async def test_an_admin_sees_and_ends_an_accounts_sessions(container: Container) -> None:
    admin = await make_admin(container, await sign_up(container, "root"))
    ada, bob = await sign_up(container, "ada"), await sign_up(container, "bob")
    [adas] = await container.list_sessions().of_account(admin.actor, "ada")
    assert adas.id == await session_of(container, ada.tokens.access_token)
    assert adas.current is False
    with pytest.raises(PermissionDenied):
        await container.list_sessions().of_account(bob.actor, "ada")
    with pytest.raises(PermissionDenied):
        await container.end_session().of_account(bob.actor, "ada", adas.id)
    await container.end_session().of_account(admin.actor, "ada", adas.id)
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(ada.tokens.access_token)
    assert await container.list_sessions().of_account(admin.actor, "ada") == []


async def test_logging_out_everywhere_else_keeps_the_callers_session(container: Container) -> None:
    ada = await sign_up(container, "ada")
    other = (await container.log_in()(Credentials("ada", PASSWORD))).tokens
    kept = await session_of(container, ada.tokens.access_token)
    await recorded(container)
    await container.log_out_everywhere()(ada.actor, keep_current=True)
    assert (await container.authenticate()(ada.tokens.access_token)).user_id == ada.account.id
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(other.access_token)
    [event] = await recorded(container)
    assert isinstance(event, SessionsEnded)
    assert event.kept_session_id == kept
    await container.log_out_everywhere()(ada.actor)
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(ada.tokens.access_token)


async def test_logging_out_ends_the_session_and_its_access_tokens(container: Container) -> None:
    ada = await sign_up(container, "ada")
    await container.log_out()(refresh(ada.tokens))
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(ada.tokens.access_token)
    assert await container.list_sessions().own(ada.actor) == []


async def test_a_reused_refresh_token_ends_its_session(container: Container) -> None:
    clock = FakeClock()
    container.clock.override(clock)
    ada = await sign_up(container, "ada")
    renewed = await container.refresh_session()(refresh(ada.tokens))
    clock.advance(timedelta(minutes=1))
    with pytest.raises(AuthenticationFailed):
        await container.refresh_session()(refresh(ada.tokens))  # a replay, past the grace
    with pytest.raises(AuthenticationFailed):
        await container.authenticate()(renewed.access_token)


async def test_a_conduit_sign_in_is_a_session_as_long_as_its_token(container: Container) -> None:
    signed_in = await container.conduit_sign_up()(
        Registration("ada@example.com", "ada", PASSWORD), Client("192.0.2.3", FIREFOX)
    )
    authenticated = await container.conduit_authenticate().until_expiry(
        signed_in.tokens.access_token
    )
    [session] = await container.list_sessions().own(authenticated.actor)
    assert session.label == "Firefox on Ubuntu"
    lifetime = container.settings().conduit_token_ttl_seconds
    async with container.unit_of_work() as uow:
        stored = await uow.sessions.get(session.id)
    assert stored is not None
    assert stored.expires_at - stored.created_at == timedelta(seconds=lifetime)


async def test_housekeeping_clears_sessions_a_day_after_they_expired(
    container: Container,
) -> None:
    clock = FakeClock()
    container.clock.override(clock)
    ada = await sign_up(container, "ada")
    expired = ada.actor.session_id
    assert expired is not None
    lifetime = timedelta(days=container.settings().refresh_token_ttl_days)
    clock.advance(lifetime + SESSIONS_KEPT_AFTER_EXPIRY - timedelta(seconds=1))
    await container.housekeeping()()
    async with container.unit_of_work() as uow:
        assert await uow.sessions.get(expired) is not None  # its last token may still be valid
    clock.advance(timedelta(seconds=2))
    await container.housekeeping()()
    async with container.unit_of_work() as uow:
        assert await uow.sessions.get(expired) is None
