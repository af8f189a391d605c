from typing import Any

from sqlalchemy import insert, select, update

from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.errors import translated_integrity_errors
from adapters.sqlalchemy.tables import signing_keys
from application.ports.signing_keys import KeyState, SigningKey, SigningKeyStore

_CONFLICTS = {
    "state": ("Another signing key is active.", ("uq_signing_keys_one_active", "state")),
    "kid": ("A signing key with this kid exists.", ("pk_signing_keys", "kid")),
}


def _key(row: Any) -> SigningKey:
    return SigningKey(
        kid=row.kid,
        algorithm=row.algorithm,
        public_key=row.public_key,
        sealed_private_key=row.sealed_private_key,
        state=KeyState(row.state),
        created_at=row.created_at,
        activated_at=row.activated_at,
        deactivated_at=row.deactivated_at,
        retired_at=row.retired_at,
    )


class SqlSigningKeyStore(SigningKeyStore):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def all(self) -> list[SigningKey]:
        query = select(signing_keys).order_by(signing_keys.c.created_at, signing_keys.c.kid)
        return [_key(row) for row in await self._conn.execute(query)]

    async def add(self, key: SigningKey) -> None:
        async with translated_integrity_errors(_CONFLICTS):
            await self._conn.execute(
                insert(signing_keys).values(
                    kid=key.kid,
                    algorithm=key.algorithm,
                    public_key=key.public_key,
                    sealed_private_key=key.sealed_private_key,
                    created_at=key.created_at,
                    **_state_and_times(key),
                )
            )

    async def update(self, key: SigningKey) -> None:
        async with translated_integrity_errors(_CONFLICTS):
            await self._conn.execute(
                update(signing_keys)
                .where(signing_keys.c.kid == key.kid)
                .values(**_state_and_times(key))
            )


def _state_and_times(key: SigningKey) -> dict[str, Any]:
    return {
        "state": key.state.value,
        "activated_at": key.activated_at,
        "deactivated_at": key.deactivated_at,
        "retired_at": key.retired_at,
    }
