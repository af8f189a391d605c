"""Step-up: the actions an access token alone does not allow, only one whose holder proved who
they are within the last few minutes (`auth_time`): ending other sessions and administering
accounts. (Changing the password or the address asks for the current password instead, which
is itself such a proof.) Admin actions may also require the admin's own two-factor."""

from datetime import timedelta

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWork
from application.two_factor import SecondFactor
from domain.errors import PermissionDenied
from domain.users import Actor


class StepUp:
    def __init__(
        self,
        clock: Clock,
        max_age: timedelta,
        second_factor: SecondFactor,
        *,
        require_admin_mfa: bool = False,
    ) -> None:
        self._clock, self._max_age = clock, max_age
        self._second_factor, self._require_admin_mfa = second_factor, require_admin_mfa

    def ensure(self, actor: Actor) -> None:
        """Raises ReauthenticationRequired unless the actor authenticated within the max age."""
        actor.ensure_recently_authenticated(self._clock.now(), self._max_age)

    async def ensure_admin_may_act(self, uow: UnitOfWork, actor: Actor) -> None:
        """An admin, recently authenticated, and with REQUIRE_ADMIN_MFA their two-factor on."""
        actor.ensure_admin()
        self.ensure(actor)
        if self._require_admin_mfa and not await self._second_factor.is_on(uow, actor.user_id):
            raise PermissionDenied(
                "Admin actions need two-factor on for your own account (REQUIRE_ADMIN_MFA)."
            )
