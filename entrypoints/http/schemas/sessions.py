from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from application.views import SessionView


class SessionOut(BaseModel):
    id: UUID
    label: str = Field(description="Browser and system, from the User-Agent at sign-in.")
    created_at: datetime = Field(description="When the session signed in.")
    last_used_at: datetime = Field(description="Its sign-in or latest token refresh.")
    last_address: str | None = Field(description="The client address then.")
    current: bool = Field(description="Whether this request was made in this session.")

    @classmethod
    def of(cls, session: SessionView) -> "SessionOut":
        return cls(
            id=session.id,
            label=session.label,
            created_at=session.created_at,
            last_used_at=session.last_used_at,
            last_address=session.last_address,
            current=session.current,
        )


class SessionsOut(BaseModel):
    sessions: list[SessionOut]
