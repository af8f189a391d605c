from application.audit import AuditTrail
from application.ports.clock import Clock
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.use_cases.auth.register_user import RegisterUser, Registration
from application.views import AccountView
from domain.users import Role


class CreateAdmin:
    """Creates an administrator account. For operators (the command line), not the API: a
    fresh database has no admin until an operator makes one."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        register_user: RegisterUser,
        clock: Clock,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._register_user, self._clock, self._audit = uow, register_user, clock, audit

    async def __call__(self, registration: Registration) -> AccountView:
        admin = await self._register_user.new_user(registration)
        admin.change_role(Role.ADMIN, self._clock.now())
        async with self._uow() as uow:
            await self._register_user.add(uow, admin)
            await self._audit.record(
                uow, SecurityEventKind.ADMIN_CREATED, actor_id=None, target_id=admin.id
            )
            await uow.commit()
        return AccountView.of(admin)
