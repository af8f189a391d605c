from uuid import UUID

from application.audit import AuditTrail
from application.event_recording import EventRecorder
from application.lookups import load_managed_user
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.step_up import StepUp
from domain.errors import NotFound
from domain.events import SessionEnded
from domain.users import Actor


class EndSession:
    """Ends one session: its refresh token stops working, its access tokens are refused at
    their next use and its live connections close. Your own, or (for an admin) another
    account's; any but the caller's current one needs a recent authentication (step-up)."""

    def __init__(
        self, uow: UnitOfWorkFactory, events: EventRecorder, step_up: StepUp, audit: AuditTrail
    ) -> None:
        self._uow, self._events, self._step_up, self._audit = uow, events, step_up, audit

    async def own(self, actor: Actor, session_id: UUID) -> None:
        if session_id != actor.session_id:  # ending the current one is logging out
            self._step_up.ensure(actor)
        async with self._uow() as uow:
            await self._end(uow, actor, actor.user_id, session_id)
            await uow.commit()

    async def of_account(self, actor: Actor, username: str, session_id: UUID) -> None:
        async with self._uow() as uow:
            await self._step_up.ensure_admin_may_act(uow, actor)
            user = await load_managed_user(uow, actor, username)
            await self._end(uow, actor, user.id, session_id)
            await uow.commit()

    async def _end(self, uow: UnitOfWork, actor: Actor, user_id: UUID, session_id: UUID) -> None:
        session = await uow.sessions.get(session_id)
        if session is None or session.user_id != user_id:  # another's is nobody's business
            raise NotFound("No such session; it may have ended already.", resource="session")
        await uow.sessions.end(session_id)
        await self._events.record(uow, SessionEnded, user_id=user_id, session_id=session_id)
        await self._audit.record(
            uow,
            SecurityEventKind.SESSION_ENDED,
            actor_id=actor.user_id,
            target_id=user_id,
            session_id=str(session_id),
        )
