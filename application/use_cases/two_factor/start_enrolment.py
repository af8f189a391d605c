from application.ports.two_factor import TwoFactorRecord
from application.ports.unit_of_work import UnitOfWorkFactory
from application.step_up import StepUp
from application.two_factor import Enrolment, SecondFactor
from domain.errors import AlreadyExists, NotFound
from domain.users import Actor


class StartTotpEnrolment:
    """A new TOTP secret for the account, shown once (as text, an otpauth:// URI and a QR code)
    and off until a first code confirms it. Starting again replaces an unconfirmed one."""

    def __init__(
        self, uow: UnitOfWorkFactory, second_factor: SecondFactor, step_up: StepUp
    ) -> None:
        self._uow, self._second_factor, self._step_up = uow, second_factor, step_up

    async def __call__(self, actor: Actor) -> Enrolment:
        self._step_up.ensure(actor)
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
            if user is None:
                raise NotFound("Account not found.", resource="user")
            if await self._second_factor.is_on(uow, user.id):
                raise AlreadyExists("Two-factor is on already; turn it off first.")
            sealed, enrolment = self._second_factor.new_enrolment(user.email)
            await uow.two_factor.put(TwoFactorRecord(user.id, sealed))
            await uow.commit()
        return enrolment
