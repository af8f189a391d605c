from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import bindparam, delete, func, insert, or_, select, update

from adapters.sqlalchemy.among import among
from adapters.sqlalchemy.connections.shared import SharedConnection
from adapters.sqlalchemy.errors import translated_integrity_errors
from adapters.sqlalchemy.paging import paged, total_of
from adapters.sqlalchemy.tables import sessions, users
from application.paging import PageQuery, Slice
from application.ports.users import UserRepository
from domain.users import TAKEN, Role, User

_CONFLICTS = {
    "username": (TAKEN["username"], ("uq_users_username_lower",)),
    "email": (TAKEN["email"], ("uq_users_email_lower",)),
}

# Every authenticated request runs it: built once, so SQLAlchemy's cache key is memoized.
_BY_ID = select(users).where(users.c.id == bindparam("id"))
# The same one read for a token that names its session: no row once the session has ended.
_IN_SESSION = (
    select(users)
    .join(sessions, sessions.c.user_id == users.c.id)
    .where(users.c.id == bindparam("id"), sessions.c.id == bindparam("session_id"))
)


def _user(row: Any) -> User:
    return User(
        id=row.id,
        email=row.email,
        username=row.username,
        password_hash=row.password_hash,
        bio=row.bio,
        image=row.image,
        role=Role(row.role),
        is_active=row.is_active,
        email_verified=row.email_verified,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _values(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "username": user.username,
        "password_hash": user.password_hash,
        "bio": user.bio,
        "image": user.image,
        "role": user.role.value,
        "is_active": user.is_active,
        "email_verified": user.email_verified,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }


class SqlUserRepository(UserRepository):
    def __init__(self, conn: SharedConnection) -> None:
        self._conn = conn

    async def add(self, user: User) -> None:
        async with translated_integrity_errors(_CONFLICTS):
            await self._conn.execute(insert(users).values(id=user.id, **_values(user)))

    async def update(self, user: User) -> None:
        async with translated_integrity_errors(_CONFLICTS):
            await self._conn.execute(
                update(users).where(users.c.id == user.id).values(**_values(user))
            )

    async def delete(self, user_id: UUID) -> None:
        await self._conn.execute(delete(users).where(users.c.id == user_id))

    async def get(self, user_id: UUID) -> User | None:
        rows = await self._conn.rows(_BY_ID, {"id": user_id})
        return _user(rows[0]) if rows else None

    async def get_in_session(self, user_id: UUID, session_id: UUID) -> User | None:
        rows = await self._conn.rows(_IN_SESSION, {"id": user_id, "session_id": session_id})
        return _user(rows[0]) if rows else None

    async def get_many(self, user_ids: Collection[UUID]) -> dict[UUID, User]:
        if not user_ids:
            return {}
        result = await self._conn.execute(
            select(users).where(among(self._conn, users.c.id, user_ids))
        )
        return {row.id: _user(row) for row in result}

    async def by_username(self, username: str) -> User | None:
        query = select(users).where(func.lower(users.c.username) == username.lower())
        row = (await self._conn.execute(query)).first()
        return _user(row) if row else None

    async def by_email(self, email: str) -> User | None:
        query = select(users).where(func.lower(users.c.email) == email.lower())
        row = (await self._conn.execute(query)).first()
        return _user(row) if row else None

    async def search(self, prefix: str | None, page: PageQuery) -> Slice[User]:
        query = select(users)
        if prefix:
            query = query.where(
                or_(
                    func.lower(users.c.email).startswith(prefix, autoescape=True),
                    func.lower(users.c.username).startswith(prefix, autoescape=True),
                )
            )
        rows = (
            await self._conn.execute(
                paged(query, page, users.c.created_at, users.c.id, newest_first=True)
            )
        ).all()
        items, has_more = [_user(r) for r in rows[: page.limit]], len(rows) > page.limit
        return Slice(items, has_more, await total_of(self._conn, query, page, len(items), has_more))
