from dataclasses import dataclass

from application.event_recording import EventRecorder
from application.policies import CredentialChangePolicy
from application.ports.clock import Clock
from application.ports.password_hasher import PasswordHasher
from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import AccountView
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.events import EmailChangeRequested
from domain.users import Actor, normalize_email


@dataclass(frozen=True)
class AccountChanges:
    """Fields left None stay as they are; `image=""` removes the image."""

    email: str | None = None
    username: str | None = None
    bio: str | None = None
    image: str | None = None
    current_password: str | None = None


class UpdateOwnAccount:
    """Under REQUIRE_CURRENT_PASSWORD, changing the e-mail address re-authenticates."""

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

    async def __call__(self, actor: Actor, changes: AccountChanges) -> AccountView:
        async with self._uow() as uow:
            user = await uow.users.get(actor.user_id)
            if user is None:
                raise NotFound("Account not found.", resource="user")
            email_changes = (
                changes.email is not None and normalize_email(changes.email) != user.email
            )
            if email_changes and self.policy is CredentialChangePolicy.REQUIRE_CURRENT_PASSWORD:
                await self._reauthenticate(user.password_hash, changes.current_password)
            user.update_profile(
                now=self._clock.now(),
                email=changes.email,
                username=changes.username,
                bio=changes.bio,
                image=changes.image or None,
                clear_image=changes.image == "",
            )
            await uow.users.update(user)
            if email_changes:
                await self._events.record(uow, EmailChangeRequested, user_id=user.id)
            await uow.commit()
        return AccountView.of(user)

    async def _reauthenticate(self, password_hash: str, current_password: str | None) -> None:
        if not current_password:
            raise InvalidInput(
                "current_password is required to change the e-mail address.",
                field="current_password",
            )
        if not await self._hasher.verify(password_hash, current_password):
            raise PermissionDenied("The current password is incorrect.")
