from dataclasses import replace
from datetime import datetime
from uuid import UUID

from adapters.memory.store import Journal, MemoryStore
from application.ports.sessions import SessionRecord, SessionStore


def end_session(store: MemoryStore, journal: Journal, session_id: UUID) -> bool:
    """Deletes the session and its refresh tokens, as the SQL schema's cascade does."""
    if session_id not in store.sessions:
        return False
    for token_hash in [h for h, r in store.refresh_tokens.items() if r.family_id == session_id]:
        journal.pop(store.refresh_tokens, token_hash)
    journal.pop(store.sessions, session_id)
    return True


class MemorySessionStore(SessionStore):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(self, session: SessionRecord) -> None:
        self._journal.put(self._store.sessions, session.id, session)

    async def used(self, session_id: UUID, at: datetime, address: str | None) -> None:
        session = self._store.sessions.get(session_id)
        if session is not None:
            used = replace(session, last_used_at=at, last_address=address)
            self._journal.put(self._store.sessions, session_id, used)

    async def authenticated(self, session_id: UUID, at: datetime) -> None:
        session = self._store.sessions.get(session_id)
        if session is not None:
            self._journal.put(
                self._store.sessions, session_id, replace(session, authenticated_at=at)
            )

    async def get(self, session_id: UUID) -> SessionRecord | None:
        return self._store.sessions.get(session_id)

    async def of_user(self, user_id: UUID, now: datetime) -> list[SessionRecord]:
        found = [
            s for s in self._store.sessions.values() if s.user_id == user_id and s.expires_at > now
        ]
        return sorted(found, key=lambda s: (s.last_used_at, s.id.bytes), reverse=True)

    async def end(self, session_id: UUID) -> bool:
        return end_session(self._store, self._journal, session_id)

    async def end_all(self, user_id: UUID, *, keep: UUID | None = None) -> list[UUID]:
        ending = [i for i, s in self._store.sessions.items() if s.user_id == user_id and i != keep]
        for session_id in ending:
            end_session(self._store, self._journal, session_id)
        return ending

    async def purge_expired(self, before: datetime) -> int:
        expired = [i for i, s in self._store.sessions.items() if s.expires_at < before]
        for session_id in expired:
            end_session(self._store, self._journal, session_id)
        return len(expired)
