"""Mail in development, readable with nothing installed: each message is written whole to the
log (recipient, subject, text part: a development log holds no real person's address) and
kept in a Maildir under the data folder, the newest KEEP of them. The server and `folio worker`
processes share it (a Maildir is written by atomic renames), and any mail client opens it."""

import asyncio
import logging
import mailbox
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO, Any, cast

from adapters.mail.message import compose
from application.ports.mail_inbox import MailInbox, SentMail
from application.ports.mailer import Mail, Mailer

log = logging.getLogger("folio.mail")

KEEP = 50
_DELIVERED_AT = re.compile(r"^(\d+)\.M(\d+)P")  # how Python's Maildir names a message


class DevelopmentMailer(Mailer):
    def __init__(self, folder: Path, *, sender: str, web_url: str) -> None:
        self._folder, self._sender, self._web_url = folder, sender, web_url

    async def send(self, mail: Mail) -> None:
        message = compose(mail, sender=self._sender, web_url=self._web_url)
        await asyncio.to_thread(_keep, self._folder, message)
        sent = _read(message)
        log.info(
            "mail_sent to %s: %s\n%s",
            sent.to,
            sent.subject,
            sent.text,
            extra={"kind": str(mail.kind), "message_id": sent.message_id},
        )


class DevelopmentInbox(MailInbox):
    def __init__(self, folder: Path) -> None:
        self._folder = folder

    async def latest(self, limit: int, *, to: str | None = None) -> list[SentMail]:
        return await asyncio.to_thread(self._latest, limit, to)

    def _latest(self, limit: int, to: str | None) -> list[SentMail]:
        if not (self._folder / "new").is_dir():
            return []
        inbox = _maildir(self._folder)
        found = []
        for key in reversed(_oldest_first(inbox)):
            message = _message(inbox, key)
            if message is None:
                continue
            sent = _read(message)
            if to is None or sent.to.lower() == to.lower():
                found.append(sent)
            if len(found) == limit:
                break
        return found


def _keep(folder: Path, message: EmailMessage) -> None:
    inbox = _maildir(folder)
    inbox.add(message)
    for key in _oldest_first(inbox)[:-KEEP]:
        inbox.discard(key)  # nothing if another process took it first


def _maildir(folder: Path) -> mailbox.Maildir:
    for part in ("tmp", "new", "cur"):  # Maildir itself makes them only in a new folder
        (folder / part).mkdir(parents=True, exist_ok=True)
    # typeshed expects the factory to make MaildirMessages; any parser of a file is fine.
    return mailbox.Maildir(folder, factory=_parsed, create=False)  # type: ignore[arg-type]


def _parsed(file: IO[Any]) -> EmailMessage:
    return BytesParser(policy=policy.default).parse(file)


def _oldest_first(inbox: mailbox.Maildir) -> list[str]:
    def delivered_at(key: str) -> tuple[int, int, str]:
        match = _DELIVERED_AT.match(key)
        return (int(match[1]), int(match[2]), key) if match else (0, 0, key)

    return sorted(inbox.keys(), key=delivered_at)


def _message(inbox: mailbox.Maildir, key: str) -> EmailMessage | None:
    try:
        return cast(EmailMessage, inbox[key])  # parsed by _parsed, the inbox's factory
    except (KeyError, FileNotFoundError):  # discarded since it was listed
        return None


def _read(message: EmailMessage) -> SentMail:
    text = message.get_body(("plain",))
    return SentMail(
        message_id=str(message["Message-ID"]),
        to=str(message["To"]),
        subject=str(message["Subject"]),
        sent_at=parsedate_to_datetime(str(message["Date"])),
        text=text.get_content() if isinstance(text, EmailMessage) else "",
    )
