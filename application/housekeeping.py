"""What the worker clears away now and then, beside its own finished events: sessions long
expired, and security events older than their retention."""

from datetime import timedelta

from application.ports.clock import Clock
from application.ports.unit_of_work import UnitOfWorkFactory

# An access token may outlive its session's expiry by its own lifetime (at most a day): the
# session is kept that long, so that the token is still known to belong to a session.
SESSIONS_KEPT_AFTER_EXPIRY = timedelta(days=1)


class Housekeeping:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, audit_retention: timedelta) -> None:
        self._uow, self._clock, self._audit_retention = uow, clock, audit_retention

    async def __call__(self) -> None:
        now = self._clock.now()
        async with self._uow() as uow:
            await uow.sessions.purge_expired(now - SESSIONS_KEPT_AFTER_EXPIRY)
            await uow.security_events.purge(now - self._audit_retention)
            await uow.commit()
