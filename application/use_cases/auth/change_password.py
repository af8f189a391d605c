from dataclasses import dataclass

from application.event_recording import EventRecorder
from application.policies import CredentialChangePolicy
from application.ports.clock import Clock
from application.ports.one_time_tokens import TokenPurpose
from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.errors import NotFound, PermissionDenied
from domain.events import PasswordChanged
from domain.users import Actor, validate_password


@dataclass(frozen=True)
class PasswordChange:
    new_password: str
    current_password: str | None = None


class ChangePassword:
    """Replaces the password, ends every refresh-token session of the user and voids any
    password-reset token still in a mailbox."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        events: EventRecorder,
        *,
        policy: CredentialChangePolicy = CredentialChangePolicy.REQUIRE_CURRENT_PASSWORD,
    ) -> None:
        self._uow, self._hasher, self._clock, self.policy = uow, hasher, clock, policy
        self._events = events

    async def __call__(self, actor: Actor, change: PasswordChange) -> None:
        validate_password(change.new_password)
        if self.policy is CredentialChangePolicy.REQUIRE_CURRENT_PASSWORD:
            async with self._uow() as uow:
                user = await uow.users.get(actor.user_id)
            if user is None:
                raise NotFound("Account not found.", resource="user")
            current = change.current_password or ""
            if not await self._hasher.verify(user.password_hash, current):
                raise PermissionDenied("The current password is incorrect.")
        new_hash = await self._hasher.hash(change.new_password)
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
            if user is None:
                raise NotFound("Account not found.", resource="user")
            user.change_password_hash(new_hash, self._clock.now())
            await uow.users.update(user)
            await uow.refresh_tokens.revoke_user(user.id)
            await uow.one_time_tokens.revoke_user(user.id, TokenPurpose.PASSWORD_RESET)
            await self._events.record(uow, PasswordChanged, user_id=user.id)
            await uow.commit()
