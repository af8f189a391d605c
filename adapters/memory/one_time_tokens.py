from datetime import datetime
from uuid import UUID

from adapters.memory.store import Journal, MemoryStore
from application.ports.one_time_tokens import OneTimeToken, OneTimeTokenStore, TokenPurpose


class MemoryOneTimeTokenStore(OneTimeTokenStore):
    def __init__(self, store: MemoryStore, journal: Journal) -> None:
        self._store, self._journal = store, journal

    async def add(self, token: OneTimeToken) -> None:
        tokens = self._store.one_time_tokens
        for stale in [h for h, t in tokens.items() if t.event_id == token.event_id]:
            self._journal.pop(tokens, stale)
        self._journal.put(tokens, token.token_hash, token)

    async def find(
        self, token_hash: str, purpose: TokenPurpose, now: datetime
    ) -> OneTimeToken | None:
        token = self._store.one_time_tokens.get(token_hash)
        if token is None or token.purpose is not purpose or token.expires_at <= now:
            return None
        return token

    async def consume(
        self, token_hash: str, purpose: TokenPurpose, now: datetime
    ) -> OneTimeToken | None:
        # Atomic because the unit of work holds the store's lock.
        if (token := await self.find(token_hash, purpose, now)) is not None:
            self._journal.pop(self._store.one_time_tokens, token_hash)
        return token

    async def issued_since(
        self, user_id: UUID, purpose: TokenPurpose, since: datetime, *, other_than: UUID
    ) -> int:
        return sum(
            1
            for t in self._store.one_time_tokens.values()
            if t.user_id == user_id
            and t.purpose is purpose
            and t.issued_at >= since
            and t.event_id != other_than
        )

    async def revoke_user(self, user_id: UUID, purpose: TokenPurpose) -> None:
        tokens = self._store.one_time_tokens
        for token_hash in [
            h for h, t in tokens.items() if t.user_id == user_id and t.purpose is purpose
        ]:
            self._journal.pop(tokens, token_hash)
