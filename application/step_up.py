"""Step-up: the actions an access token alone does not allow, only one whose holder proved who
they are within the last few minutes (`auth_time`): ending other sessions and administering
accounts. (Changing the password or the address asks for the current password instead, which
is itself such a proof.)"""

from datetime import timedelta

from application.ports.clock import Clock
from domain.users import Actor


class StepUp:
    def __init__(self, clock: Clock, max_age: timedelta) -> None:
        self._clock, self._max_age = clock, max_age

    def ensure(self, actor: Actor) -> None:
        """Raises ReauthenticationRequired unless the actor authenticated within the max age."""
        actor.ensure_recently_authenticated(self._clock.now(), self._max_age)
