from application.audit import AuditTrail
from application.credentials import password_matches
from application.ports.password_hasher import PasswordHasher
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from application.sessions import SessionIssuer
from application.two_factor import SecondFactor
from application.views import TokenPair
from domain.errors import AuthenticationFailed, PermissionDenied
from domain.users import Actor


class Reauthenticate:
    """Step-up: the signed-in caller proves who they are again with the password, and gets an
    access token of the same session whose `auth_time` is now."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        audit: AuditTrail,
        second_factor: SecondFactor,
    ) -> None:
        self._uow, self._hasher, self._sessions, self._audit = uow, hasher, sessions, audit
        self._second_factor = second_factor

    async def __call__(self, actor: Actor, password: str, code: str | None = None) -> TokenPair:
        """With two-factor on, a code (or a recovery code) too."""
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
        if user is None:
            raise AuthenticationFailed("The account no longer exists.")
        # Hashing runs between transactions, holding no connection (as at login).
        if not await password_matches(self._hasher, user.password_hash, password):
            await self._record(actor, SecurityEventKind.REAUTHENTICATION_FAILED)
            raise PermissionDenied("The password is incorrect.")
        async with self._uow() as uow:
            refused = await self._second_factor.is_on(uow, actor.user_id) and (
                code is None or not await self._second_factor.check(uow, actor.user_id, code)
            )
            if not refused:
                tokens = await self._sessions.reauthenticated(uow, actor)
                await self._record(actor, SecurityEventKind.REAUTHENTICATED, uow)
                await uow.commit()
        if refused:  # recorded after the unit above: the memory backend runs one at a time
            await self._record(actor, SecurityEventKind.REAUTHENTICATION_FAILED)
            raise PermissionDenied("Two-factor is on: send a current code as well.")
        return tokens

    async def _record(
        self, actor: Actor, kind: SecurityEventKind, uow: UnitOfWork | None = None
    ) -> None:
        if uow is not None:
            await self._audit.record(uow, kind, actor_id=actor.user_id, target_id=actor.user_id)
            return
        async with self._uow() as own:
            await self._audit.record(own, kind, actor_id=actor.user_id, target_id=actor.user_id)
            await own.commit()
