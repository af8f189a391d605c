"""The development inbox: the mail a development server sent, kept so a developer can read it
(the reset or verification token in it) without a mail server. Absent in production."""

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class SentMail:
    message_id: str
    to: str
    subject: str
    sent_at: datetime
    text: str  # the plain-text part, tokens and links included


class MailInbox(Protocol):
    async def latest(self, limit: int, *, to: str | None = None) -> list[SentMail]:
        """The newest mail first, at most `limit`; only those to `to` when given."""
        ...
