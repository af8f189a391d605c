from datetime import datetime
from uuid import UUID

from sqlalchemy import delete, func, insert, or_, select, update

from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.tables import recovery_codes, two_factor
from application.ports.two_factor import TwoFactorRecord, TwoFactorStore


class SqlTwoFactorStore(TwoFactorStore):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def get(self, user_id: UUID) -> TwoFactorRecord | None:
        query = select(two_factor).where(two_factor.c.user_id == user_id)
        row = (await self._conn.execute(query)).first()
        if row is None:
            return None
        return TwoFactorRecord(row.user_id, row.sealed_secret, row.confirmed_at, row.last_step)

    async def put(self, record: TwoFactorRecord) -> None:
        await self._conn.execute(delete(two_factor).where(two_factor.c.user_id == record.user_id))
        await self._conn.execute(
            insert(two_factor).values(
                user_id=record.user_id,
                sealed_secret=record.sealed_secret,
                confirmed_at=record.confirmed_at,
                last_step=record.last_step,
            )
        )

    async def delete(self, user_id: UUID) -> None:
        await self._conn.execute(delete(recovery_codes).where(recovery_codes.c.user_id == user_id))
        await self._conn.execute(delete(two_factor).where(two_factor.c.user_id == user_id))

    async def claim_step(self, user_id: UUID, step: int) -> bool:
        # One conditional UPDATE: of two concurrent claims of one step only one matches.
        claimed = await self._conn.execute(
            update(two_factor)
            .where(
                two_factor.c.user_id == user_id,
                or_(two_factor.c.last_step.is_(None), two_factor.c.last_step < step),
            )
            .values(last_step=step)
            .returning(two_factor.c.user_id)
        )
        return claimed.first() is not None

    async def replace_recovery_codes(self, user_id: UUID, code_hashes: list[str]) -> None:
        await self._conn.execute(delete(recovery_codes).where(recovery_codes.c.user_id == user_id))
        if code_hashes:
            await self._conn.execute(
                insert(recovery_codes),
                [{"user_id": user_id, "code_hash": h, "used_at": None} for h in code_hashes],
            )

    async def use_recovery_code(self, user_id: UUID, code_hash: str, at: datetime) -> bool:
        used = await self._conn.execute(
            update(recovery_codes)
            .where(
                recovery_codes.c.user_id == user_id,
                recovery_codes.c.code_hash == code_hash,
                recovery_codes.c.used_at.is_(None),
            )
            .values(used_at=at)
            .returning(recovery_codes.c.user_id)
        )
        return used.first() is not None

    async def recovery_codes_left(self, user_id: UUID) -> int:
        query = select(func.count()).where(
            recovery_codes.c.user_id == user_id, recovery_codes.c.used_at.is_(None)
        )
        return int(await self._conn.scalar(query))
