from collections.abc import Collection
from uuid import UUID

from adapters.memory.paging import page_of
from adapters.memory.posts import delete_post_cascade
from adapters.memory.sessions import end_session
from adapters.memory.store import Journal, MemoryStore
from application.paging import PageQuery, Slice
from application.ports.users import UserRepository
from domain.errors import AlreadyExists
from domain.users import TAKEN, User


class MemoryUserRepository(UserRepository):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(self, user: User) -> None:
        self._ensure_unique(user)
        self._put(user)

    async def update(self, user: User) -> None:
        old = self._store.users[user.id]
        self._ensure_unique(user)
        self._journal.pop(self._store.user_ids_by_email, old.email)
        self._journal.pop(self._store.user_ids_by_username, old.username.lower())
        self._put(user)

    async def delete(self, user_id: UUID) -> None:
        user = self._store.users.get(user_id)
        if user is None:
            return
        store, journal = self._store, self._journal
        for post in [p for p in store.posts.values() if p.author_id == user_id]:
            delete_post_cascade(store, journal, post.id)
        for comment_id in [c.id for c in store.comments.values() if c.author_id == user_id]:
            journal.pop(store.comments, comment_id)
        for table in (store.follows, store.favorites):
            for key in [k for k in table if user_id in k]:
                journal.pop(table, key)
        journal.pop(store.two_factor, user_id)
        for code in [c for c in store.recovery_codes if c[0] == user_id]:
            journal.pop(store.recovery_codes, code)
        for session_id in [i for i, s in store.sessions.items() if s.user_id == user_id]:
            end_session(store, journal, session_id)
        for token_hash in [h for h, t in store.one_time_tokens.items() if t.user_id == user_id]:
            journal.pop(store.one_time_tokens, token_hash)
        journal.pop(store.user_ids_by_email, user.email)
        journal.pop(store.user_ids_by_username, user.username.lower())
        journal.pop(store.users, user_id)

    async def get(self, user_id: UUID) -> User | None:
        user = self._store.users.get(user_id)
        return user.copy() if user else None

    async def get_in_session(self, user_id: UUID, session_id: UUID) -> User | None:
        session = self._store.sessions.get(session_id)
        return await self.get(user_id) if session and session.user_id == user_id else None

    async def get_many(self, user_ids: Collection[UUID]) -> dict[UUID, User]:
        users = self._store.users
        return {i: users[i].copy() for i in user_ids if i in users}

    async def by_username(self, username: str) -> User | None:
        user_id = self._store.user_ids_by_username.get(username.lower())
        return await self.get(user_id) if user_id else None

    async def by_email(self, email: str) -> User | None:
        user_id = self._store.user_ids_by_email.get(email)
        return await self.get(user_id) if user_id else None

    async def search(self, prefix: str | None, page: PageQuery) -> Slice[User]:
        users = [
            u
            for u in self._store.users.values()
            if prefix is None or u.email.startswith(prefix) or u.username.lower().startswith(prefix)
        ]
        rows = page_of(users, page, newest_first=True)
        return Slice([u.copy() for u in rows.items], rows.has_more, rows.total)

    def _ensure_unique(self, user: User) -> None:
        for index, key, field in (
            (self._store.user_ids_by_username, user.username.lower(), "username"),
            (self._store.user_ids_by_email, user.email, "email"),
        ):
            owner = index.get(key)
            if owner is not None and owner != user.id:
                raise AlreadyExists(TAKEN[field], field=field)

    def _put(self, user: User) -> None:
        self._journal.put(self._store.users, user.id, user.copy())
        self._journal.put(self._store.user_ids_by_email, user.email, user.id)
        self._journal.put(self._store.user_ids_by_username, user.username.lower(), user.id)
