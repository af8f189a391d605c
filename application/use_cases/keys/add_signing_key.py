from application.audit import AuditTrail
from application.ports.security_events import SecurityEventKind
from application.ports.signing_keys import KeyState, SigningKey
from application.ports.unit_of_work import UnitOfWorkFactory
from application.signing_keys import NewSigningKeys


class AddSigningKey:
    """A new key, published at once and signing nothing until it is promoted."""

    def __init__(self, uow: UnitOfWorkFactory, new_keys: NewSigningKeys, audit: AuditTrail) -> None:
        self._uow, self._new_keys, self._audit = uow, new_keys, audit

    async def __call__(self) -> SigningKey:
        key = self._new_keys.make(KeyState.NEXT)
        async with self._uow() as uow:
            await uow.signing_keys.add(key)
            await self._audit.record(
                uow,
                SecurityEventKind.SIGNING_KEY_ADDED,
                actor_id=None,
                target_id=None,
                kid=key.kid,
                state=key.state.value,
            )
            await uow.commit()
        return key
