from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol


class MailKind(StrEnum):
    WELCOME = "welcome"
    PASSWORD_RESET = "password_reset"  # noqa: S105 (a kind of mail, not a secret)
    EMAIL_VERIFICATION = "email_verification"


@dataclass(frozen=True)
class Mail:
    """What to send; the adapter owns the wording (templates) and the transport.

    `key` is unique per message the application means to send (event id and handler), so a
    redelivered event produces the same Message-ID and receivers can tell it is a repeat."""

    kind: MailKind
    to: str
    key: str
    values: Mapping[str, str] = field(default_factory=dict)


class Mailer(Protocol):
    async def send(self, mail: Mail) -> None:
        """Returns once the mail was accepted for delivery; raises otherwise."""
        ...
