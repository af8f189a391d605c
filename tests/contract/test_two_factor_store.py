"""The two-factor store on every backend: one record per account, a time step claimed once,
recovery codes used once, all gone with the account."""

import asyncio
from datetime import timedelta

from application.ports.two_factor import TwoFactorRecord
from entrypoints.composition.container import Container
from tests.contract.builders import T0, stored_users


async def test_a_record_is_kept_replaced_and_deleted(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        await uow.two_factor.put(TwoFactorRecord(ada.id, "v1:sealed"))
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.two_factor.get(ada.id) == TwoFactorRecord(ada.id, "v1:sealed")
        confirmed = TwoFactorRecord(ada.id, "v1:other", confirmed_at=T0, last_step=7)
        await uow.two_factor.put(confirmed)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.two_factor.get(ada.id) == confirmed
        await uow.two_factor.replace_recovery_codes(ada.id, ["a" * 64])
        await uow.two_factor.delete(ada.id)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.two_factor.get(ada.id) is None
        assert await uow.two_factor.recovery_codes_left(ada.id) == 0


async def test_a_time_step_is_claimed_once_and_never_an_earlier_one(
    any_backend: Container,
) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        await uow.two_factor.put(TwoFactorRecord(ada.id, "v1:sealed", confirmed_at=T0))
        await uow.commit()

    async def claim(step: int) -> bool:
        async with any_backend.unit_of_work() as uow:
            claimed: bool = await uow.two_factor.claim_step(ada.id, step)
            await asyncio.sleep(0.05)
            await uow.commit()
        return claimed

    assert sorted(await asyncio.gather(claim(100), claim(100))) == [False, True]
    assert await claim(99) is False
    assert await claim(101) is True


async def test_recovery_codes_work_once_each(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        ada, bob = await stored_users(uow, "ada", "bob")
        await uow.two_factor.replace_recovery_codes(ada.id, ["a" * 64, "b" * 64])
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.two_factor.use_recovery_code(ada.id, "a" * 64, T0) is True
        assert await uow.two_factor.use_recovery_code(ada.id, "a" * 64, T0) is False
        assert await uow.two_factor.use_recovery_code(bob.id, "b" * 64, T0) is False
        assert await uow.two_factor.recovery_codes_left(ada.id) == 1
        await uow.two_factor.replace_recovery_codes(ada.id, ["c" * 64])
        assert await uow.two_factor.use_recovery_code(ada.id, "b" * 64, T0) is False
        assert await uow.two_factor.recovery_codes_left(ada.id) == 1
        await uow.commit()


async def test_deleting_the_account_takes_its_second_factor(any_backend: Container) -> None:
    async with any_backend.unit_of_work() as uow:
        [ada] = await stored_users(uow, "ada")
        await uow.two_factor.put(TwoFactorRecord(ada.id, "v1:sealed", confirmed_at=T0))
        await uow.two_factor.replace_recovery_codes(ada.id, ["a" * 64])
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        await uow.users.delete(ada.id)
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        assert await uow.two_factor.get(ada.id) is None
        assert await uow.two_factor.recovery_codes_left(ada.id) == 0
        assert not await uow.two_factor.use_recovery_code(ada.id, "a" * 64, T0 + timedelta(1))
