"""Mail over SMTP with aiosmtplib. SMTP_URL says how to reach the server:

- `smtp://host:25` plain, for a relay on a trusted network (STARTTLS is not attempted);
- `smtp+starttls://user:password@host:587` upgrades with STARTTLS before logging in;
- `smtps://user:password@host:465` speaks TLS from the start.

User and password are percent-decoded. Certificates are verified (against `ca_file` when
given, else the system's trust store)."""

import logging
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import aiosmtplib

from adapters.mail.message import compose
from application.ports.mailer import Mail, Mailer

log = logging.getLogger("folio.mail")

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

    async def send(self, mail: Mail) -> None:
        server = self._server
        message = compose(mail, sender=self._sender, web_url=self._web_url)
        await aiosmtplib.send(
            message,
            hostname=server.hostname,
            port=server.port,
            username=server.username,
            password=server.password,
            use_tls=server.use_tls,
            start_tls=server.start_tls,
            cert_bundle=self._ca_file,
            timeout=self._timeout,
        )
        # Never the address, the body or its token: what went out, and how to find it.
        log.info("mail_sent", extra={"kind": str(mail.kind), "message_id": message["Message-ID"]})
