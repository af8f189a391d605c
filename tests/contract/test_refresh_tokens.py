import asyncio
from datetime import timedelta

from application.ports.refresh_tokens import RefreshTokenRecord
from application.ports.sessions import SessionRecord
from entrypoints.composition.container import Container
from tests.contract.builders import T0, stored_session, stored_users


def a_record(session: SessionRecord, name: str = "a") -> RefreshTokenRecord:
    return RefreshTokenRecord(
        token_hash=name * 64,
        family_id=session.id,
        user_id=session.user_id,
        expires_at=session.expires_at,
    )


async def test_consuming_marks_used_and_reports_reuse(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        record = a_record(await stored_session(uow, ada.id))
        await uow.refresh_tokens.add(record)
        assert await uow.refresh_tokens.consume(record.token_hash, T0) == record
        reused = await uow.refresh_tokens.consume(record.token_hash, T0 + timedelta(seconds=9))
        assert reused is not None
        assert reused.used_at == T0  # when it was first used, for the reuse grace window
        assert reused.family_id == record.family_id
        assert await uow.refresh_tokens.consume("f" * 64, T0) is None


async def test_rt07_of_two_concurrent_consumes_exactly_one_wins(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        record = a_record(await stored_session(uow, ada.id))
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
