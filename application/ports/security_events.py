from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from application.paging import PageQuery, Slice

USER_AGENT_MAX = 256


class SecurityEventKind(StrEnum):
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    REAUTHENTICATED = "login.reauthenticated"
    REAUTHENTICATION_FAILED = "login.reauthentication_failed"
    PASSWORD_CHANGED = "password.changed"  # noqa: S105 - an event kind
    PASSWORD_RESET = "password.reset"  # noqa: S105 - an event kind
    EMAIL_CHANGED = "email.changed"
    SESSION_ENDED = "session.ended"
    SESSIONS_ENDED = "sessions.ended"
    REFRESH_TOKEN_REUSED = "session.refresh_token_reused"  # noqa: S105 - an event kind
    TWO_FACTOR_ON = "two_factor.on"
    TWO_FACTOR_OFF = "two_factor.off"
    ROLE_CHANGED = "account.role_changed"
    ACCOUNT_DEACTIVATED = "account.deactivated"
    ACCOUNT_REACTIVATED = "account.reactivated"
    ACCOUNT_DELETED = "account.deleted"
    ADMIN_CREATED = "account.admin_created"
    SIGNING_KEY_ADDED = "signing_key.added"
    SIGNING_KEY_PROMOTED = "signing_key.promoted"
    SIGNING_KEY_RETIRED = "signing_key.retired"


@dataclass(frozen=True)
class SecurityEvent:
    """One append-only record of the audit trail. Never a secret: ids, the client's address,
    User-Agent and request id, and a few plain details (a role, a session id, a login's keyed
    fingerprint)."""

    id: UUID
    created_at: datetime
    kind: SecurityEventKind
    actor_id: UUID | None  # who did it; None for an unknown login or the command line
    target_id: UUID | None  # whose account it concerns
    address: str | None
    user_agent: str | None
    request_id: str | None
    details: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SecurityEventFilters:
    actor_id: UUID | None = None
    target_id: UUID | None = None
    kind: SecurityEventKind | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


class SecurityEventStore(Protocol):
    async def add(self, event: SecurityEvent) -> None: ...

    async def find(self, filters: SecurityEventFilters, page: PageQuery) -> Slice[SecurityEvent]:
        """Newest first, keyset paged (page.after) on (created_at, id)."""
        ...

    async def purge(self, before: datetime) -> int:
        """Deletes the records made before `before`; how many."""
        ...
