from dataclasses import replace

from application.audit import AuditTrail
from application.credentials import end_every_session
from application.event_recording import EventRecorder
from application.ports.clock import Clock
from application.ports.security_events import SecurityEventKind
from application.ports.unit_of_work import UnitOfWorkFactory
from application.two_factor import SecondFactor, hash_recovery_code, new_recovery_codes
from domain.errors import InvalidInput
from domain.users import Actor


class ConfirmTotpEnrolment:
    """A first code from the authenticator turns two-factor on and ends every other session;
    the answer is the account's ten recovery codes, shown this once (only their hashes are
    kept)."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        second_factor: SecondFactor,
        clock: Clock,
        events: EventRecorder,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._second_factor, self._clock = uow, second_factor, clock
        self._events, self._audit = events, audit

    async def __call__(self, actor: Actor, code: str) -> list[str]:
        async with self._uow() as uow:
            if not await self._second_factor.check(uow, actor.user_id, code, pending=True):
                raise InvalidInput(
                    "The code does not match; start the enrolment first, then send the code "
                    "your authenticator shows now.",
                    field="code",
                )
            record = await uow.two_factor.get(actor.user_id)
            assert record is not None  # it matched a code just now
            await uow.two_factor.put(replace(record, confirmed_at=self._clock.now()))
            codes = new_recovery_codes()
            await uow.two_factor.replace_recovery_codes(
                actor.user_id, [hash_recovery_code(c) for c in codes]
            )
            # Sessions signed in with the password alone end (Conduit's among them, which could
            # otherwise go on changing credentials); this one proved the code just now.
            await end_every_session(uow, actor.user_id, self._events, keep=actor.session_id)
            await self._audit.record(
                uow,
                SecurityEventKind.TWO_FACTOR_ON,
                actor_id=actor.user_id,
                target_id=actor.user_id,
            )
            await uow.commit()
        return codes
