from dataclasses import replace

from application.audit import AuditTrail
from application.errors import KeyChangeRefused
from application.ports.clock import Clock
from application.ports.security_events import SecurityEventKind
from application.ports.signing_keys import KeyState, SigningKey
from application.ports.unit_of_work import UnitOfWorkFactory
from application.signing_keys import (
    KeyRotationPolicy,
    find_key,
    from_then_on,
    signs_no_live_token_after,
)


class RetireSigningKey:
    """Unpublishes a key: tokens it signed are refused from then on. Only once they have all
    expired (`at_once` overrides: to cut off a key that leaked, say); never the active key."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        policy: KeyRotationPolicy,
        audit: AuditTrail,
    ) -> None:
        self._uow, self._clock, self._policy, self._audit = uow, clock, policy, audit

    async def __call__(self, kid: str, *, at_once: bool = False) -> SigningKey:
        now = self._clock.now()
        async with self._uow() as uow:
            key = find_key(await uow.signing_keys.all(), kid)
            if key.state is KeyState.RETIRED:
                raise KeyChangeRefused(f"Key {kid} is retired already.")
            safe_at = signs_no_live_token_after(key, self._policy)
            if safe_at is None:
                raise KeyChangeRefused(f"Key {kid} is the active key; promote another key first.")
            if now < safe_at and not at_once:
                raise KeyChangeRefused(
                    f"Tokens signed by key {kid} may be in use until "
                    f"{from_then_on(safe_at)}; retire it then (or now, with "
                    "--now, refusing them)."
                )
            retired = replace(key, state=KeyState.RETIRED, retired_at=now)
            await uow.signing_keys.update(retired)
            await self._audit.record(
                uow,
                SecurityEventKind.SIGNING_KEY_RETIRED,
                actor_id=None,
                target_id=None,
                kid=kid,
                early=str(now < safe_at).lower(),
            )
            await uow.commit()
        return retired
