from dataclasses import dataclass

from application.ports.unit_of_work import UnitOfWorkFactory
from domain.users import Actor


@dataclass(frozen=True)
class TwoFactorStatus:
    on: bool
    recovery_codes_left: int


class ShowTwoFactorStatus:
    """Whether the account has two-factor on, and how many recovery codes are left unused."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def __call__(self, actor: Actor) -> TwoFactorStatus:
        async with self._uow() as uow:
            record = await uow.two_factor.get(actor.user_id)
            on = record is not None and record.confirmed
            left = await uow.two_factor.recovery_codes_left(actor.user_id) if on else 0
        return TwoFactorStatus(on, left)
