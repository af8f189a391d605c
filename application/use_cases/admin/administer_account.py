from dataclasses import dataclass

from application.credentials import end_every_session
from application.event_recording import EventRecorder
from application.lookups import load_managed_user
from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory
from application.step_up import StepUp
from application.views import AccountView
from domain.errors import NotFound
from domain.users import Actor, Role


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
        self, uow: UnitOfWorkFactory, clock: Clock, events: EventRecorder, step_up: StepUp
    ) -> None:
        self._uow, self._clock, self._events, self._step_up = uow, clock, events, step_up

    async def __call__(
        self, actor: Actor, username: str, changes: AdministrativeChanges
    ) -> AccountView:
        if not changes.changes_anything:
            return await self._view(actor, username)
        actor.ensure_admin()
        self._step_up.ensure(actor)
        async with self._uow() as uow:
            user = await load_managed_user(uow, actor, username)
            now = self._clock.now()
            if changes.role is not None:
                user.change_role(changes.role, now)
            if changes.is_active is True:
                user.reactivate(now)
            elif changes.is_active is False:
                user.deactivate(now)
                await end_every_session(uow, user.id, self._events)
            await uow.users.update(user)
            await uow.commit()
        return AccountView.of(user)

    async def _view(self, actor: Actor, username: str) -> AccountView:
        actor.ensure_admin()
        async with self._uow() as uow:
            user = await uow.users.by_username(username)
        if user is None:
            raise NotFound(f"No user named {username!r}.", resource="user")
        return AccountView.of(user)
