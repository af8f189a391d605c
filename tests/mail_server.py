"""A real SMTP server (aiosmtpd) on a loopback port, in a thread of its own, keeping what it
receives so tests can read the mails."""

import asyncio
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from tests.support import free_port

USERNAME, PASSWORD = "folio", "mail-secret"


@dataclass
class Inbox:
    port: int = 0
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        content = envelope.original_content or envelope.content
        assert isinstance(content, bytes)
        message = message_from_bytes(content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def titled(self, subject: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["Subject"] == subject]

    async def wait_for_titled(
        self, subject: str, count: int = 1, seconds: float = 10.0
    ) -> list[EmailMessage]:
        deadline = time.monotonic() + seconds
        while len(self.titled(subject)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no {count} mails titled {subject!r} arrived")
            await asyncio.sleep(0.02)
        return self.titled(subject)

    async def wait_for(self, count: int, seconds: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.messages)} mails arrived, expected {count}")
            await asyncio.sleep(0.02)
        return self.messages


def _authenticate(
    server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USERNAME.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(
    *, tls: ssl.SSLContext | None = None, implicit_tls: bool = False, auth: bool = False
) -> Iterator[Inbox]:
    """Plain by default; `tls` offers STARTTLS, or with `implicit_tls` speaks TLS at once;
    `auth` demands a login (over TLS only)."""
    inbox = Inbox()
    options: dict[str, Any] = {}
    if tls is not None and not implicit_tls:
        options.update(tls_context=tls, require_starttls=True)
    if auth:
        options.update(authenticator=_authenticate, auth_required=True)
        # aiosmtpd only counts STARTTLS as TLS; with implicit TLS the whole session is TLS.
        options.update(auth_require_tls=not implicit_tls)
    inbox.port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=inbox.port,
        ssl_context=tls if implicit_tls else None,
        server_hostname="localhost",
        **options,
    )
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
