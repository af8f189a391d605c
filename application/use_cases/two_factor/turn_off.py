from application.audit import AuditTrail
from application.credentials import password_matches
from application.ports.password_hasher import PasswordHasher
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.two_factor import SecondFactor
from domain.errors import NotFound, PermissionDenied
from domain.users import Actor


class TurnOffTwoFactor:
    """Two-factor off, its secret and recovery codes deleted: it needs the password and a code
    (or a recovery code), so a stolen token alone cannot take the second factor away."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        second_factor: SecondFactor,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._hasher, self._second_factor, self._audit = (
            uow,
            hasher,
            second_factor,
            audit,
        )

    async def __call__(self, actor: Actor, password: str, code: str) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
        if user is None:
            raise NotFound("Account not found.", resource="user")
        if not await password_matches(self._hasher, user.password_hash, password):
            raise PermissionDenied("The password is incorrect.")
        async with self._uow() as uow:
            if not await self._second_factor.is_on(uow, user.id):
                raise NotFound("Two-factor is not on.", resource="two_factor")
            if not await self._second_factor.check(uow, user.id, code):
                raise PermissionDenied("The code is incorrect or was used already.")
            await uow.two_factor.delete(user.id)
            await self._audit.record(
                uow, SecurityEventKind.TWO_FACTOR_OFF, actor_id=user.id, target_id=user.id
            )
            await uow.commit()
