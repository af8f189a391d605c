import asyncio
from datetime import timedelta
from uuid import uuid4

from application.ports.refresh_tokens import RefreshTokenRecord
from entrypoints.composition.container import Container
from tests.contract.builders import T0, stored_users


def a_record(user_id: object, family_id: object = None, name: str = "a") -> RefreshTokenRecord:
    return RefreshTokenRecord(
        token_hash=name * 64,
        family_id=family_id or uuid4(),  # type: ignore[arg-type]
        user_id=user_id,  # type: ignore[arg-type]
        expires_at=T0 + timedelta(days=30),
    )


async def test_consuming_marks_used_and_reports_reuse(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        record = a_record(ada.id)
        await uow.refresh_tokens.add(record)
        assert await uow.refresh_tokens.consume(record.token_hash, T0) == record
        reused = await uow.refresh_tokens.consume(record.token_hash, T0 + timedelta(seconds=9))
        assert reused is not None
        assert reused.used_at == T0  # when it was first used, for the reuse grace window
        assert reused.family_id == record.family_id
        assert await uow.refresh_tokens.consume("f" * 64, T0) is None


async def test_revoking_a_family_or_a_user(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        family = uuid4()
        tokens = [
            a_record(ada.id, family, "a"),
            a_record(ada.id, family, "b"),
            a_record(ada.id, name="c"),
            a_record(bob.id, name="d"),
        ]
        for token in tokens:
            await uow.refresh_tokens.add(token)
        await uow.refresh_tokens.revoke_family(family)
        assert await uow.refresh_tokens.consume("a" * 64, T0) is None
        assert await uow.refresh_tokens.consume("b" * 64, T0) is None
        assert await uow.refresh_tokens.consume("c" * 64, T0) is not None
        await uow.refresh_tokens.revoke_user(ada.id)
        assert await uow.refresh_tokens.consume("c" * 64, T0) is None
        assert await uow.refresh_tokens.consume("d" * 64, T0) is not None


async def test_rt07_of_two_concurrent_consumes_exactly_one_wins(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        record = a_record(ada.id)
        await uow.refresh_tokens.add(record)
        await uow.commit()

    async def consume() -> bool:
        async with any_backend.unit_of_work() as uow:
            found = await uow.refresh_tokens.consume(record.token_hash, T0)
            await asyncio.sleep(0.05)
            await uow.commit()
        assert found is not None
        return not found.used

    assert sorted(await asyncio.gather(consume(), consume())) == [False, True]
