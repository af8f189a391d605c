from dataclasses import dataclass

from application.audit import AuditTrail
from application.credentials import end_trust_in_the_old_password
from application.event_recording import EventRecorder
from application.policies import CredentialChangePolicy
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.step_up import StepUp
from application.two_factor import SecondFactor
from application.views import AccountView
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.events import EmailChangeRequested
from domain.users import Actor, normalize_email, validate_password


@dataclass(frozen=True)
class AccountChanges:
    """Fields left None stay as they are; `image=""` removes the image."""

    email: str | None = None
    username: str | None = None
    bio: str | None = None
    image: str | None = None
    current_password: str | None = None
    new_password: str | None = None


class UpdateOwnAccount:
    """Profile, address and password in one transaction: all of it or none of it. Under
    REQUIRE_CURRENT_PASSWORD, changing the e-mail address or the password re-authenticates."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        clock: Clock,
        events: EventRecorder,
        audit: AuditTrail,
        second_factor: SecondFactor,
        step_up: StepUp,
        *,
        policy: CredentialChangePolicy = CredentialChangePolicy.REQUIRE_CURRENT_PASSWORD,
    ) -> None:
        self._uow, self._hasher, self._clock, self.policy = uow, hasher, clock, policy
        self._events, self._audit = events, audit
        self._second_factor, self._step_up = second_factor, step_up

    async def __call__(self, actor: Actor, changes: AccountChanges) -> AccountView:
        new_hash = None
        if changes.new_password is not None:
            # Refused before anything changes; hashed before the transaction holds a connection.
            new_hash = await self._hasher.hash(validate_password(changes.new_password))
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
            if user is None:
                raise NotFound("Account not found.", resource="user")
            email_changes = (
                changes.email is not None and normalize_email(changes.email) != user.email
            )
            credentials_change = email_changes or new_hash is not None
            if (
                credentials_change
                and self.policy is CredentialChangePolicy.REQUIRE_CURRENT_PASSWORD
            ):
                if await self._second_factor.is_on(uow, user.id):
                    self._step_up.ensure(actor)  # the password is one factor of two
                await self._reauthenticate(user.password_hash, changes.current_password)
            now = self._clock.now()
            user.update_profile(
                now=now,
                email=changes.email,
                username=changes.username,
                bio=changes.bio,
                image=changes.image or None,
                clear_image=changes.image == "",
            )
            if new_hash is not None:
                user.change_password_hash(new_hash, now)
            await uow.users.update(user)
            if email_changes:
                await self._events.record(uow, EmailChangeRequested, user_id=user.id)
                await self._audit.record(
                    uow, SecurityEventKind.EMAIL_CHANGED, actor_id=user.id, target_id=user.id
                )
            if new_hash is not None:
                await end_trust_in_the_old_password(
                    uow, user.id, self._events, keep=actor.session_id
                )
                await self._audit.record(
                    uow, SecurityEventKind.PASSWORD_CHANGED, actor_id=user.id, target_id=user.id
                )
            await uow.commit()
        return AccountView.of(user)

    async def _reauthenticate(self, password_hash: str, current_password: str | None) -> None:
        if not current_password:
            raise InvalidInput(
                "current_password is required to change the e-mail address or password.",
                field="current_password",
            )
        if not await self._hasher.verify(password_hash, current_password):
            raise PermissionDenied("The current password is incorrect.")
