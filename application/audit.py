"""The audit trail's one writer: security events recorded in the unit of work of the change they
describe, stamped with the request they came from."""

from uuid import UUID

from application.ports.clock import Clock
from application.ports.ids import IdGenerator
from application.ports.request_origin import RequestOrigin
from application.ports.security_events import USER_AGENT_MAX, SecurityEvent, SecurityEventKind
from application.ports.sessions import ADDRESS_MAX
from application.ports.unit_of_work import UnitOfWork


class AuditTrail:
    def __init__(self, clock: Clock, ids: IdGenerator, origin: RequestOrigin) -> None:
        self._clock, self._ids, self._origin = clock, ids, origin

    async def record(
        self,
        uow: UnitOfWork,
        kind: SecurityEventKind,
        *,
        actor_id: UUID | None,
        target_id: UUID | None,
        **details: str,
    ) -> None:
        origin = self._origin.current()
        await uow.security_events.add(
            SecurityEvent(
                id=self._ids.new_id(),
                created_at=self._clock.now(),
                kind=kind,
                actor_id=actor_id,
                target_id=target_id,
                address=origin.address[:ADDRESS_MAX] if origin.address else None,
                user_agent=origin.user_agent[:USER_AGENT_MAX] if origin.user_agent else None,
                request_id=origin.request_id,
                details=details,
            )
        )
