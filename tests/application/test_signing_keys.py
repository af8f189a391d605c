"""The key ring's life cycle (RFC 7517 key sets, RFC 8037 Ed25519 keys; ASVS 5.0.0 V6 and V7,
tokens verified only with keys the service trusts): a key is published before it signs, signs
once promoted, verifies the tokens it signed until they expire, and is retired after; each
change is in the audit trail, on every backend."""

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest

from application.errors import KeyChangeRefused
from application.paging import PageQuery
from application.ports.security_events import SecurityEventFilters, SecurityEventKind
from application.ports.signing_keys import KeyState
from domain.errors import AuthenticationFailed, NotFound
from entrypoints.composition.container import Container
from tests.application.conftest import sign_up
from tests.conftest import container_on
from tests.fakes import FakeClock
from tests.support import build_container, settings_for_tests

Kind = SecurityEventKind


@pytest.fixture
def clock(any_backend: Container) -> FakeClock:
    clock = FakeClock(datetime.now(UTC))
    any_backend.clock.override(clock)
    return clock


async def states(container: Container) -> dict[str, KeyState]:
    return {view.key.kid: view.key.state for view in await container.list_signing_keys()()}


async def key_events(container: Container) -> list[tuple[Kind, dict[str, str]]]:
    async with container.unit_of_work() as uow:
        found = await uow.security_events.find(SecurityEventFilters(), PageQuery(limit=100))
    return [(e.kind, e.details) for e in reversed(found.items) if e.kind.startswith("signing")]


async def test_key03_a_new_key_is_published_first_and_promoted_after_the_delay(
    any_backend: Container, clock: FakeClock
) -> None:
    [first] = await states(any_backend)
    added = await any_backend.add_signing_key()()
    assert await states(any_backend) == {first: KeyState.ACTIVE, added.kid: KeyState.NEXT}
    with pytest.raises(KeyChangeRefused, match="promote it from"):
        await any_backend.promote_signing_key()(added.kid)
    # The key was made by the wall clock, a moment after the test's clock started.
    clock.advance(any_backend.key_policy().promotion_delay + timedelta(minutes=1))
    await any_backend.promote_signing_key()(added.kid)
    assert await states(any_backend) == {first: KeyState.PREVIOUS, added.kid: KeyState.ACTIVE}
    assert await key_events(any_backend) == [
        (Kind.SIGNING_KEY_ADDED, {"kid": added.kid, "state": "next"}),
        (Kind.SIGNING_KEY_PROMOTED, {"kid": added.kid, "replaced": first}),
    ]


async def test_key04_a_key_is_retired_once_the_tokens_it_signed_have_expired(
    any_backend: Container, clock: FakeClock
) -> None:
    [first] = await states(any_backend)
    added = await any_backend.add_signing_key()()
    retire = any_backend.retire_signing_key()
    with pytest.raises(KeyChangeRefused, match="promote another key first"):
        await retire(first)
    await any_backend.promote_signing_key()(added.kid, at_once=True)
    clock.advance(any_backend.key_policy().token_lifetime - timedelta(seconds=1))
    with pytest.raises(KeyChangeRefused, match="may be in use until"):
        await retire(first)
    clock.advance(timedelta(seconds=1))
    await retire(first)
    assert (await states(any_backend))[first] is KeyState.RETIRED
    with pytest.raises(KeyChangeRefused, match="retired already"):
        await retire(first)
    with pytest.raises(KeyChangeRefused, match="add a new key instead"):
        await any_backend.promote_signing_key()(first)
    with pytest.raises(NotFound):
        await retire("no-such-kid")
    assert (await key_events(any_backend))[-1] == (
        Kind.SIGNING_KEY_RETIRED,
        {"kid": first, "early": "false"},
    )


async def test_a_key_never_promoted_retires_at_once(any_backend: Container) -> None:
    added = await any_backend.add_signing_key()()
    await any_backend.retire_signing_key()(added.kid)
    assert (await states(any_backend))[added.kid] is KeyState.RETIRED


async def test_a_reloaded_ring_signs_with_the_promoted_key_and_refuses_a_retired_ones(
    any_backend: Container,
) -> None:
    ada = await sign_up(any_backend, "ada")
    old_token = ada.tokens.access_token
    added = await any_backend.add_signing_key()()
    await any_backend.promote_signing_key()(added.kid, at_once=True)
    await any_backend.reload_key_ring()()
    new_token = await any_backend.reauthenticate()(ada.actor, "a good long password")
    assert jwt.get_unverified_header(new_token.access_token)["kid"] == added.kid
    assert await any_backend.authenticate()(old_token)  # the previous key still verifies
    old_kid = jwt.get_unverified_header(old_token)["kid"]
    await any_backend.retire_signing_key()(old_kid, at_once=True)
    await any_backend.reload_key_ring()()
    with pytest.raises(AuthenticationFailed):
        await any_backend.authenticate()(old_token)
    assert await any_backend.authenticate()(new_token.access_token)
    assert (await key_events(any_backend))[-1] == (
        Kind.SIGNING_KEY_RETIRED,
        {"kid": old_kid, "early": "true"},
    )


async def test_an_instance_with_another_key_encryption_key_cannot_load_the_ring(
    tmp_path: Path,
) -> None:
    """Every instance needs the KEY_ENCRYPTION_KEY the ring was sealed under: one with
    another stops at its first load, saying so, instead of signing nothing later."""
    ring_file = tmp_path / "signing-keys.json"
    sealing = [base64.b64encode(bytes([n]) * 32).decode() for n in (1, 2)]
    async with container_on(
        "memory://", signing_keys_file=ring_file, key_encryption_key=sealing[0]
    ) as first:
        assert (await states(first)) != {}
    other = build_container(
        settings_for_tests("memory://", signing_keys_file=ring_file, key_encryption_key=sealing[1])
    )
    with pytest.raises(ValueError, match="does not open under this KEY_ENCRYPTION_KEY"):
        await other.reload_key_ring()()
