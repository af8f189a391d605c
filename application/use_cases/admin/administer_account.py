from dataclasses import dataclass

from application.audit import AuditTrail
from application.credentials import end_every_session
from application.event_recording import EventRecorder
from application.lookups import load_managed_user
from application.ports.clock import Clock
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.step_up import StepUp
from application.views import AccountView
from domain.errors import NotFound
from domain.users import Actor, Role, User


@dataclass(frozen=True)
class AdministrativeChanges:
    """Fields left None stay as they are; none at all is an admin's look at the account."""

    role: Role | None = None
    is_active: bool | None = None

    @property
    def changes_anything(self) -> bool:
        return self.role is not None or self.is_active is not None


class AdministerAccount:
    """An admin changes another account's role and whether it is active, all in one
    transaction: both changes or neither. Deactivating ends the account's sessions. A change
    needs a recent authentication (step-up)."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        events: EventRecorder,
        step_up: StepUp,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._clock, self._events, self._step_up = uow, clock, events, step_up
        self._audit = audit

    async def __call__(
        self, actor: Actor, username: str, changes: AdministrativeChanges
    ) -> AccountView:
        if not changes.changes_anything:
            return await self._view(actor, username)
        async with self._uow() as uow:
            await self._step_up.ensure_admin_may_act(uow, actor)
            user = await load_managed_user(uow, actor, username)
            now = self._clock.now()
            if changes.role is not None and changes.role is not user.role:
                user.change_role(changes.role, now)
                await self._audited(uow, actor, user, SecurityEventKind.ROLE_CHANGED)
            if changes.is_active is True and not user.is_active:
                user.reactivate(now)
                await self._audited(uow, actor, user, SecurityEventKind.ACCOUNT_REACTIVATED)
            elif changes.is_active is False and user.is_active:
                user.deactivate(now)
                await end_every_session(uow, user.id, self._events)
                await self._audited(uow, actor, user, SecurityEventKind.ACCOUNT_DEACTIVATED)
            await uow.users.update(user)
            await uow.commit()
        return AccountView.of(user)

    async def _audited(
        self, uow: UnitOfWork, actor: Actor, user: User, kind: SecurityEventKind
    ) -> None:
        details = {"role": user.role.value} if kind is SecurityEventKind.ROLE_CHANGED else {}
        await self._audit.record(uow, kind, actor_id=actor.user_id, target_id=user.id, **details)

    async def _view(self, actor: Actor, username: str) -> AccountView:
        actor.ensure_admin()
        async with self._uow() as uow:
            user = await uow.users.by_username(username)
        if user is None:
            raise NotFound(f"No user named {username!r}.", resource="user")
        return AccountView.of(user)
