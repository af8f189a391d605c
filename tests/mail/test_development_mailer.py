"""The development mailer keeps the newest mail in a Maildir, whole, and says it in the log."""

import logging
import mailbox
from pathlib import Path

import pytest

from adapters.mail import development
from adapters.mail.development import DevelopmentInbox, DevelopmentMailer
from application.ports.mailer import Mail, MailKind


def reset_mail(number: int, to: str = "ada@example.com") -> Mail:
    values = {"username": "ada", "token": f"token-{number}", "minutes": "30"}
    return Mail(MailKind.PASSWORD_RESET, to=to, key=f"event-{number}.reset", values=values)


def mailer(folder: Path) -> DevelopmentMailer:
    return DevelopmentMailer(folder, sender="Folio <no-reply@folio.test>", web_url="http://t")


async def test_the_newest_mail_comes_first_and_only_the_last_ones_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(development, "KEEP", 3)
    for number in range(5):
        await mailer(tmp_path).send(reset_mail(number))
    assert len(mailbox.Maildir(tmp_path)) == 3
    kept = await DevelopmentInbox(tmp_path).latest(10)
    assert [mail.message_id for mail in kept] == [
        f"<event-{n}.reset@folio.test>" for n in (4, 3, 2)
    ]
    assert "http://t/reset-password#token=token-4" in kept[0].text
    assert kept[0].subject == "Reset your Folio password"


async def test_the_inbox_is_read_by_recipient_and_limit(tmp_path: Path) -> None:
    await mailer(tmp_path).send(reset_mail(1, to="ada@example.com"))
    await mailer(tmp_path).send(reset_mail(2, to="bob@example.com"))
    await mailer(tmp_path).send(reset_mail(3, to="ada@example.com"))
    inbox = DevelopmentInbox(tmp_path)
    to_ada = await inbox.latest(10, to="ADA@example.com")
    assert [mail.message_id[:8] for mail in to_ada] == ["<event-3", "<event-1"]
    assert len(await inbox.latest(1)) == 1
    assert await DevelopmentInbox(tmp_path / "never-written").latest(10) == []


async def test_the_log_line_holds_the_whole_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="folio.mail"):
        await mailer(tmp_path).send(reset_mail(7))
    [line] = caplog.messages
    assert line.startswith("mail_sent to ada@example.com: Reset your Folio password\n")
    assert "#token=token-7" in line
