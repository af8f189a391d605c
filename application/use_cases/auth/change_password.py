from dataclasses import dataclass

from application.audit import AuditTrail
from application.credentials import end_trust_in_the_old_password
from application.event_recording import EventRecorder
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.step_up import StepUp
from application.two_factor import SecondFactor
from domain.errors import NotFound, PermissionDenied
from domain.users import Actor, validate_password


@dataclass(frozen=True)
class PasswordChange:
    new_password: str
    current_password: str | None = None


class ChangePassword:
    """Replaces the password once the current one is given, ends every other session of the
    user and voids any password-reset token still in a mailbox. (Conduit's account
    update, which trusts the session, changes passwords through UpdateOwnAccount.)"""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        events: EventRecorder,
        audit: AuditTrail,
        second_factor: SecondFactor,
        step_up: StepUp,
    ) -> None:
        self._uow, self._hasher, self._clock, self._events = uow, hasher, clock, events
        self._audit, self._second_factor, self._step_up = audit, second_factor, step_up

    async def __call__(self, actor: Actor, change: PasswordChange) -> None:
        validate_password(change.new_password)
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
            two_factor_on = await self._second_factor.is_on(uow, actor.user_id)
        if user is None:
            raise NotFound("Account not found.", resource="user")
        if two_factor_on:  # the password alone is one factor of two: a recent step-up too
            self._step_up.ensure(actor)
        if not await self._hasher.verify(user.password_hash, change.current_password or ""):
            raise PermissionDenied("The current password is incorrect.")
        new_hash = await self._hasher.hash(change.new_password)
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
            if user is None:
                raise NotFound("Account not found.", resource="user")
            user.change_password_hash(new_hash, self._clock.now())
            await uow.users.update(user)
            await end_trust_in_the_old_password(uow, user.id, self._events, keep=actor.session_id)
            await self._audit.record(
                uow, SecurityEventKind.PASSWORD_CHANGED, actor_id=user.id, target_id=user.id
            )
            await uow.commit()
