"""Single-use tokens on every backend: consumed once, never after expiry, one per event."""

import asyncio
from datetime import timedelta
from uuid import UUID, uuid4

from application.ports.one_time_tokens import OneTimeToken, TokenPurpose
from entrypoints.composition.container import Container
from tests.contract.builders import T0, stored_users

RESET, VERIFY = TokenPurpose.PASSWORD_RESET, TokenPurpose.EMAIL_VERIFICATION
LIFETIME = timedelta(minutes=30)


def a_token(
    user_id: UUID, name: str, purpose: TokenPurpose = RESET, event_id: UUID | None = None
) -> OneTimeToken:
    return OneTimeToken(
        token_hash=name * 64,
        purpose=purpose,
        user_id=user_id,
        email="ada@example.com",
        event_id=event_id or uuid4(),
        issued_at=T0,
        expires_at=T0 + LIFETIME,
    )


async def test_a_token_is_consumed_once_and_only_for_its_purpose(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        token = a_token(ada.id, "a")
        await uow.one_time_tokens.add(token)
        assert await uow.one_time_tokens.consume(token.token_hash, VERIFY, T0) is None
        assert await uow.one_time_tokens.consume(token.token_hash, RESET, T0) == token
        assert await uow.one_time_tokens.consume(token.token_hash, RESET, T0) is None


async def test_finding_a_token_leaves_it_in_place_and_sees_only_a_usable_one(
    any_backend: Container,
) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        token = a_token(ada.id, "a")
        await uow.one_time_tokens.add(token)
        assert await uow.one_time_tokens.find(token.token_hash, RESET, T0) == token
        assert await uow.one_time_tokens.find(token.token_hash, RESET, T0) == token
        assert await uow.one_time_tokens.find(token.token_hash, VERIFY, T0) is None
        assert await uow.one_time_tokens.find(token.token_hash, RESET, T0 + LIFETIME) is None
        assert await uow.one_time_tokens.find("b" * 64, RESET, T0) is None
        assert await uow.one_time_tokens.consume(token.token_hash, RESET, T0) == token


async def test_an_expired_token_is_not_consumed(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        token = a_token(ada.id, "a")
        await uow.one_time_tokens.add(token)
        assert await uow.one_time_tokens.consume(token.token_hash, RESET, T0 + LIFETIME) is None


async def test_one_token_per_event_and_counts_and_revocation(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        event = uuid4()
        await uow.one_time_tokens.add(a_token(ada.id, "a", event_id=event))
        await uow.one_time_tokens.add(a_token(ada.id, "b", event_id=event))  # a redelivery
        await uow.one_time_tokens.add(a_token(ada.id, "c"))
        await uow.one_time_tokens.add(a_token(ada.id, "d", purpose=VERIFY))
        await uow.one_time_tokens.add(a_token(bob.id, "e"))
        issued = uow.one_time_tokens.issued_since
        assert await issued(ada.id, RESET, T0, other_than=uuid4()) == 2
        assert await issued(ada.id, RESET, T0, other_than=event) == 1
        assert await issued(ada.id, RESET, T0 + LIFETIME, other_than=uuid4()) == 0
        assert await uow.one_time_tokens.consume("a" * 64, RESET, T0) is None  # replaced
        await uow.one_time_tokens.revoke_user(ada.id, RESET)
        assert await uow.one_time_tokens.consume("b" * 64, RESET, T0) is None
        assert await uow.one_time_tokens.consume("c" * 64, RESET, T0) is None
        assert await uow.one_time_tokens.consume("d" * 64, VERIFY, T0) is not None
        assert await uow.one_time_tokens.consume("e" * 64, RESET, T0) is not None


async def test_of_two_concurrent_consumes_one_gets_the_token(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        await uow.one_time_tokens.add(a_token(ada.id, "a"))
        await uow.commit()

    async def consume() -> OneTimeToken | None:
        async with any_backend.unit_of_work() as uow:
            token: OneTimeToken | None = await uow.one_time_tokens.consume("a" * 64, RESET, T0)
            await uow.commit()
            return token

    results = await asyncio.gather(consume(), consume())
    assert sum(r is not None for r in results) == 1
