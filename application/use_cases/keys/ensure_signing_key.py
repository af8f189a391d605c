from application.ports.signing_keys import KeyState, SigningKey
from application.ports.unit_of_work import UnitOfWorkFactory
from application.signing_keys import NewSigningKeys
from domain.errors import AlreadyExists


class EnsureSigningKey:
    """At start-up: a ring with no active key (a new installation, or one that signed with
    HS256 until now) gets one, active at once: no token it could sign exists yet, and every
    instance loads the ring before it serves. Of two processes starting together, one makes
    it; the other finds it. Made by no one, it is logged, not audited: the audit trail
    records what `folio keys` changes."""

    def __init__(self, uow: UnitOfWorkFactory, new_keys: NewSigningKeys) -> None:
        self._uow, self._new_keys = uow, new_keys

    async def __call__(self) -> SigningKey | None:
        """The key made, or None when there was one."""
        async with self._uow() as uow:
            if any(k.state is KeyState.ACTIVE for k in await uow.signing_keys.all()):
                return None
            key = self._new_keys.make(KeyState.ACTIVE)
            try:
                await uow.signing_keys.add(key)
            except AlreadyExists:
                return None  # another process made it first
            await uow.commit()
        return key
