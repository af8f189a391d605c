from dataclasses import replace

from application.audit import AuditTrail
from application.errors import KeyChangeRefused
from application.ports.clock import Clock
from application.ports.security_events import SecurityEventKind
from application.ports.signing_keys import KeyState, SigningKey
from application.ports.unit_of_work import UnitOfWorkFactory
from application.signing_keys import KeyRotationPolicy, find_key, from_then_on


class PromoteSigningKey:
    """Makes a published key the one that signs; the key it replaces goes on verifying the
    tokens it signed. A new key only once it has been published for the promotion delay
    (`at_once` overrides: tokens it signs may be refused by verifiers that have not fetched
    it yet); a previous key at any time, as it never stopped being published."""

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
            keys = await uow.signing_keys.all()
            key = find_key(keys, kid)
            if key.state is KeyState.ACTIVE:
                raise KeyChangeRefused(f"Key {kid} is already the active key.")
            if key.state is KeyState.RETIRED:
                raise KeyChangeRefused(f"Key {kid} is retired; add a new key instead.")
            ready_at = self._policy.promotable_at(key)
            if key.state is KeyState.NEXT and now < ready_at and not at_once:
                raise KeyChangeRefused(
                    f"Key {kid} was published at {key.created_at.isoformat(timespec='seconds')}; "
                    f"promote it from {from_then_on(ready_at)} on, once every "
                    "verifier has fetched it (or now, with --now)."
                )
            replaced = [k for k in keys if k.state is KeyState.ACTIVE]
            for old in replaced:  # first: one key is active at a time
                await uow.signing_keys.update(
                    replace(old, state=KeyState.PREVIOUS, deactivated_at=now)
                )
            promoted = replace(key, state=KeyState.ACTIVE, activated_at=now, deactivated_at=None)
            await uow.signing_keys.update(promoted)
            await self._audit.record(
                uow,
                SecurityEventKind.SIGNING_KEY_PROMOTED,
                actor_id=None,
                target_id=None,
                kid=kid,
                replaced=",".join(k.kid for k in replaced),
            )
            await uow.commit()
        return promoted
