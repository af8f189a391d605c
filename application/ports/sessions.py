from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

SESSION_LABEL_MAX = 64
ADDRESS_MAX = 45  # the longest written IPv6 address


@dataclass(frozen=True)
class SessionRecord:
    """One sign-in of an account on one device: the refresh-token family of that sign-in (its
    id is the family's), or a sign-in with access tokens alone (Conduit's). Ending it deletes
    it: an access token naming a session that is not stored is refused."""

    id: UUID
    user_id: UUID
    label: str  # browser and system in a few words, from the User-Agent at sign-in
    created_at: datetime
    last_used_at: datetime  # the sign-in or the latest refresh
    last_address: str | None  # the client address then
    authenticated_at: datetime  # when its holder last proved who they are: sign-in or step-up
    expires_at: datetime  # no refresh after this; its access tokens run out by then


class SessionStore(Protocol):
    async def add(self, session: SessionRecord) -> None: ...

    async def used(self, session_id: UUID, at: datetime, address: str | None) -> None:
        """Records a refresh of the session at `at` from `address`."""
        ...

    async def authenticated(self, session_id: UUID, at: datetime) -> None:
        """Records that the session's holder proved who they are again (a step-up) at `at`."""
        ...

    async def get(self, session_id: UUID) -> SessionRecord | None: ...

    async def of_user(self, user_id: UUID, now: datetime) -> list[SessionRecord]:
        """The account's sessions that have not expired at `now`, most recently used first."""
        ...

    async def end(self, session_id: UUID) -> bool:
        """Deletes the session with its refresh tokens; False when there was none."""
        ...

    async def end_all(self, user_id: UUID, *, keep: UUID | None = None) -> list[UUID]:
        """Ends every session of the account but `keep`; the ids of those ended."""
        ...

    async def purge_expired(self, before: datetime) -> int:
        """Deletes the sessions that expired before `before`, with their refresh tokens."""
        ...
