"""A reset token is checked before the new password is hashed: a bogus one costs no argon2."""

from collections.abc import Iterator
from datetime import timedelta
from uuid import uuid4

import pytest
from dependency_injector import providers

from application.ports.one_time_tokens import TokenPurpose
from application.ports.password_hasher import PasswordHasher
from application.single_use_tokens import SingleUseTokens
from application.use_cases.auth.log_in import Credentials
from application.use_cases.auth.reset_password import PasswordReset
from domain.errors import InvalidInput, InvalidToken
from entrypoints.composition.container import Container
from tests.application.conftest import sign_up

NEW_PASSWORD = "a brand new password"


class CountingHasher(PasswordHasher):
    def __init__(self, inner: PasswordHasher) -> None:
        self.inner, self.hashed = inner, 0

    async def hash(self, password: str) -> str:
        self.hashed += 1
        return await self.inner.hash(password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await self.inner.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self.inner.needs_rehash(password_hash)


@pytest.fixture
def hasher(container: Container) -> Iterator[CountingHasher]:
    counting = CountingHasher(container.password_hasher())
    with container.password_hasher.override(providers.Object(counting)):
        yield counting


async def a_reset_token(container: Container, username: str) -> str:
    member = await sign_up(container, username)
    async with container.unit_of_work() as uow:
        user = await uow.users.get(member.account.id)
        assert user is not None
        token = await SingleUseTokens(container.clock()).issue(
            uow,
            purpose=TokenPurpose.PASSWORD_RESET,
            user=user,
            event_id=uuid4(),
            lifetime=timedelta(minutes=30),
        )
        await uow.commit()
    return token


async def test_a_bogus_or_used_token_is_refused_without_hashing_the_new_password(
    container: Container, hasher: CountingHasher
) -> None:
    token = await a_reset_token(container, "ada")
    hashed_at_sign_up = hasher.hashed
    with pytest.raises(InvalidToken):
        await container.reset_password()(PasswordReset("not-a-token", NEW_PASSWORD))
    assert hasher.hashed == hashed_at_sign_up
    await container.reset_password()(PasswordReset(token, NEW_PASSWORD))
    assert hasher.hashed == hashed_at_sign_up + 1
    with pytest.raises(InvalidToken):
        await container.reset_password()(PasswordReset(token, "yet another password"))
    assert hasher.hashed == hashed_at_sign_up + 1
    signed_in = await container.log_in()(Credentials("ada", NEW_PASSWORD))
    assert signed_in.tokens.access_token


async def test_a_password_too_short_is_refused_before_the_token_is_looked_at(
    container: Container, hasher: CountingHasher
) -> None:
    token = await a_reset_token(container, "ada")
    with pytest.raises(InvalidInput):
        await container.reset_password()(PasswordReset(token, "short"))
    await container.reset_password()(PasswordReset(token, NEW_PASSWORD))  # still usable
