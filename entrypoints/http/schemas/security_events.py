from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from application.ports.security_events import SecurityEventKind


class SecurityEventOut(BaseModel):
    id: UUID
    created_at: datetime
    kind: SecurityEventKind
    actor_id: UUID | None = Field(description="Who did it; null for an unknown login.")
    target_id: UUID | None = Field(description="Whose account it concerns.")
    address: str | None = Field(description="The client's address.")
    user_agent: str | None
    request_id: str | None = Field(description="The request's X-Request-ID, as in the logs.")
    details: dict[str, str] = Field(
        description="A few plain facts: a session id, a role, a failed login's reason and the "
        "keyed fingerprint of the login name it tried."
    )
