from application.ports.key_ring import KeyRing
from application.ports.signing_keys import SigningKey
from application.ports.unit_of_work import UnitOfWorkFactory
from application.use_cases.keys.ensure_signing_key import EnsureSigningKey


class ReloadKeyRing:
    """Loads this process's key ring from the store, as it is now; where tokens are signed by
    the ring, a ring without an active key gets one first."""

    def __init__(
        self, uow: UnitOfWorkFactory, ring: KeyRing, ensure: EnsureSigningKey | None
    ) -> None:
        """`ensure`: None where new tokens are signed with HS256 (the ring only verifies)."""
        self._uow, self._ring, self._ensure = uow, ring, ensure

    async def __call__(self) -> SigningKey | None:
        """The ring's first key when this call made it."""
        made = None if self._ensure is None else await self._ensure()
        async with self._uow() as uow:
            keys = await uow.signing_keys.all()
        self._ring.load(keys)
        return made
