from application.audit import AuditTrail
from application.event_recording import EventRecorder
from application.lookups import load_managed_user
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.step_up import StepUp
from domain.events import SessionsEnded
from domain.users import Actor


class DeleteUser:
    """Deletes the account with its posts, comments, favorites, follows and sessions."""

    def __init__(
        self, uow: UnitOfWorkFactory, events: EventRecorder, step_up: StepUp, audit: AuditTrail
    ) -> None:
        self._uow, self._events, self._step_up, self._audit = uow, events, step_up, audit

    async def __call__(self, actor: Actor, username: str) -> None:
        async with self._uow() as uow:
            await self._step_up.ensure_admin_may_act(uow, actor)
            user = await load_managed_user(uow, actor, username)
            await uow.users.delete(user.id)
            await self._events.record(uow, SessionsEnded, user_id=user.id)
            await self._audit.record(
                uow, SecurityEventKind.ACCOUNT_DELETED, actor_id=actor.user_id, target_id=user.id
            )
            await uow.commit()
