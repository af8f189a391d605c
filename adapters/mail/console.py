"""The mailer with nowhere to send (no SMTP_URL outside development): says in the log that a
mail was sent. Never what it said, nor to whom: the body may carry a token and the address is
personal data. Production warns at start that it has no SMTP_URL."""

import logging

from adapters.mail.templates import render
from application.ports.mailer import Mail, Mailer

log = logging.getLogger("folio.mail")


class ConsoleMailer(Mailer):
    def __init__(self, web_url: str) -> None:
        self._web_url = web_url

    async def send(self, mail: Mail) -> None:
        rendered = render(mail, self._web_url)  # a broken template fails here as with SMTP
        log.info(
            "mail_sent",
            extra={"kind": str(mail.kind), "key": mail.key, "subject": rendered.subject},
        )
