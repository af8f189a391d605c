"""The signing key ring's store on every backend, and in a file (SIGNING_KEYS_FILE): keys
come back whole, oldest first; states and times change, key material never; at most one key
is active, however many processes start at once."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from application.ports.signing_keys import KeyState, SigningKey
from domain.errors import AlreadyExists
from entrypoints.composition.container import Container
from tests.conftest import container_on
from tests.contract.builders import T0


@pytest.fixture(params=["in storage", "in a file"])
async def ring_on(
    request: pytest.FixtureRequest, any_backend: Container, database_url: str, tmp_path: Path
) -> AsyncIterator[Container]:
    if request.param == "in storage":
        yield any_backend
        return
    async with container_on(database_url, signing_keys_file=tmp_path / "keys.json") as container:
        yield container


def a_key(kid: str, state: KeyState = KeyState.NEXT, at_minutes: int = 0) -> SigningKey:
    return SigningKey(
        kid=kid,
        algorithm="EdDSA",
        public_key=f"public-{kid}",
        sealed_private_key=f"v1:sealed-{kid}",
        state=state,
        created_at=T0 + timedelta(minutes=at_minutes),
    )


async def ring(container: Container) -> list[SigningKey]:
    async with container.unit_of_work() as uow:
        # ':' is no base64url character: no key the ring made itself (its thumbprint) is taken.
        return [k for k in await uow.signing_keys.all() if k.kid.startswith("test:")]


async def test_keys_come_back_whole_oldest_first(ring_on: Container) -> None:
    later, earlier = a_key("test:later", at_minutes=5), a_key("test:earlier")
    async with ring_on.unit_of_work() as uow:
        await uow.signing_keys.add(later)
        await uow.signing_keys.add(earlier)
        await uow.commit()
    assert await ring(ring_on) == [earlier, later]


async def test_states_and_times_change_and_key_material_does_not(ring_on: Container) -> None:
    key = a_key("test:1")
    async with ring_on.unit_of_work() as uow:
        await uow.signing_keys.add(key)
        await uow.commit()
    retired = replace(key, state=KeyState.RETIRED, deactivated_at=T0, retired_at=T0)
    async with ring_on.unit_of_work() as uow:
        await uow.signing_keys.update(replace(retired, public_key="another", algorithm="HS256"))
        await uow.commit()
    assert await ring(ring_on) == [retired]


async def test_a_second_active_key_or_a_taken_kid_is_refused(ring_on: Container) -> None:
    async with ring_on.unit_of_work() as uow:
        existing = [k for k in await uow.signing_keys.all() if k.state is KeyState.ACTIVE]
    assert len(existing) == 1  # the one the ring was loaded with
    with pytest.raises(AlreadyExists):
        async with ring_on.unit_of_work() as uow:
            await uow.signing_keys.add(a_key("test:2", KeyState.ACTIVE))
    with pytest.raises(AlreadyExists):
        async with ring_on.unit_of_work() as uow:
            await uow.signing_keys.add(a_key("test:3"))
            await uow.signing_keys.update(replace(a_key("test:3"), state=KeyState.ACTIVE))
    with pytest.raises(AlreadyExists):
        async with ring_on.unit_of_work() as uow:
            await uow.signing_keys.add(replace(existing[0], state=KeyState.NEXT))
    assert await ring(ring_on) in ([], [a_key("test:3")])  # a file keeps what was written


async def test_of_processes_starting_together_one_makes_the_first_key(
    ring_on: Container,
) -> None:
    """Each starting server ensures an active key; however many race, one is made."""
    async with ring_on.unit_of_work() as uow:
        for key in await uow.signing_keys.all():  # back to a ring without an active key
            await uow.signing_keys.update(replace(key, state=KeyState.RETIRED))
        await uow.commit()
    made = await asyncio.gather(*(ring_on.ensure_signing_key()() for _ in range(4)))
    async with ring_on.unit_of_work() as uow:
        active = [k for k in await uow.signing_keys.all() if k.state is KeyState.ACTIVE]
    assert [m.kid for m in made if m is not None] == [k.kid for k in active]
    assert len(active) == 1
