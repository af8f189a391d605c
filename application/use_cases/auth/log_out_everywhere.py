from application.audit import AuditTrail
from application.credentials import end_every_session
from application.event_recording import EventRecorder
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.step_up import StepUp
from domain.users import Actor


class LogOutEverywhere:
    """Ends every session of the signed-in account, on every device, or every one but the
    caller's own (`keep_current`): refresh tokens stop working, access tokens are refused at
    their next use and live connections close. It needs a recent authentication (step-up)."""

    def __init__(
        self, uow: UnitOfWorkFactory, events: EventRecorder, step_up: StepUp, audit: AuditTrail
    ) -> None:
        self._uow, self._events, self._step_up, self._audit = uow, events, step_up, audit

    async def __call__(self, actor: Actor, *, keep_current: bool = False) -> None:
        self._step_up.ensure(actor)
        keep = actor.session_id if keep_current else None
        async with self._uow() as uow:
            await end_every_session(uow, actor.user_id, self._events, keep=keep)
            await self._audit.record(
                uow,
                SecurityEventKind.SESSIONS_ENDED,
                actor_id=actor.user_id,
                target_id=actor.user_id,
                kept_current=str(keep is not None).lower(),
            )
            await uow.commit()
