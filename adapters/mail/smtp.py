"""Mail over SMTP with aiosmtplib. SMTP_URL says how to reach the server:

- `smtp://host:25` plain, for a relay on a trusted network (STARTTLS is not attempted);
- `smtp+starttls://user:password@host:587` upgrades with STARTTLS before logging in;
- `smtps://user:password@host:465` speaks TLS from the start.

User and password are percent-decoded. Certificates are verified (against `ca_file` when
given, else the system's trust store)."""

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

import aiosmtplib

from adapters.mail.templates import render
from application.ports.mailer import Mail, Mailer

_DEFAULT_PORTS = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}


@dataclass(frozen=True)
class SmtpServer:
    hostname: str
    port: int
    use_tls: bool
    start_tls: bool
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> "SmtpServer":
        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            raise ValueError(
                "SMTP_URL must look like smtp://host:25, smtp+starttls://user:pass@host:587 "
                "or smtps://user:pass@host:465"
            )
        return cls(
            hostname=parts.hostname,
            port=parts.port or _DEFAULT_PORTS[parts.scheme],
            use_tls=parts.scheme == "smtps",
            start_tls=parts.scheme == "smtp+starttls",
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


class SmtpMailer(Mailer):
    def __init__(
        self,
        server: SmtpServer,
        *,
        sender: str,
        web_url: str,
        ca_file: str | None = None,
        timeout_seconds: float = 15.0,
    ) -> None:
        self._server, self._sender, self._web_url = server, sender, web_url
        self._ca_file, self._timeout = ca_file, timeout_seconds

    def message(self, mail: Mail) -> EmailMessage:
        rendered = render(mail, self._web_url)
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = mail.to
        message["Subject"] = rendered.subject
        message["Date"] = formatdate(usegmt=True)
        # The same for every delivery of one mail, so a repeat can be recognised downstream.
        domain = self._sender.rpartition("@")[2].rstrip(">") or "folio.invalid"
        message["Message-ID"] = f"<{mail.key}@{domain}>"
        message.set_content(rendered.text)
        message.add_alternative(rendered.html, subtype="html")
        return message

    async def send(self, mail: Mail) -> None:
        server = self._server
        await aiosmtplib.send(
            self.message(mail),
            hostname=server.hostname,
            port=server.port,
            username=server.username,
            password=server.password,
            use_tls=server.use_tls,
            start_tls=server.start_tls,
            cert_bundle=self._ca_file,
            timeout=self._timeout,
        )
