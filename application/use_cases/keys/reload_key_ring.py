from application.ports.key_ring import KeyRing
from application.ports.signing_keys import KeyState, SigningKey
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
        keys, made = await self._keys(), None
        if self._ensure is not None and not any(k.state is KeyState.ACTIVE for k in keys):
            made = await self._ensure()
            keys = await self._keys()
        self._ring.load(keys)
        return made

    async def _keys(self) -> list[SigningKey]:
        async with self._uow() as uow:
            return await uow.signing_keys.all()
