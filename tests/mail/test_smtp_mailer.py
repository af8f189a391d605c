"""The SMTP adapter against a real SMTP server: plain, STARTTLS with a login, implicit TLS."""

import logging
import ssl
from pathlib import Path

import pytest
import trustme

from adapters.mail.smtp import SmtpMailer, SmtpServer
from application.ports.mailer import Mail, MailKind
from tests.mail_server import PASSWORD, USERNAME, smtp_server

RESET = Mail(
    MailKind.PASSWORD_RESET,
    to="ada@example.com",
    key="0f1e2d3c.send_password_reset_mail",
    values={"username": "ada<script>", "token": "t0k3n", "minutes": "30"},
)


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def server_tls(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    return context


@pytest.fixture(scope="module")
def ca_file(authority: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    path: Path = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return str(path)


def mailer(url: str, ca_file: str | None = None) -> SmtpMailer:
    return SmtpMailer(
        SmtpServer.from_url(url),
        sender="Folio <no-reply@folio.example>",
        web_url="https://folio.example/",
        ca_file=ca_file,
    )


async def test_a_mail_has_a_text_and_an_html_part_and_a_stable_message_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with smtp_server() as inbox, caplog.at_level(logging.INFO, logger="folio.mail"):
        await mailer(f"smtp://127.0.0.1:{inbox.port}").send(RESET)
        [message] = await inbox.wait_for(1)
    # Each sent mail is logged by kind and Message-ID: never its address, body or token.
    [sent] = [record for record in caplog.records if record.name == "folio.mail"]
    assert (sent.getMessage(), sent.kind, sent.message_id) == (  # type: ignore[attr-defined]
        "mail_sent",
        "password_reset",
        "<0f1e2d3c.send_password_reset_mail@folio.example>",
    )
    logged = str(vars(sent))  # the test's SMTP server logs the recipient itself: not ours
    assert "ada@example.com" not in logged
    assert "t0k3n" not in logged
    assert inbox.recipients == [["ada@example.com"]]
    assert message["To"] == "ada@example.com"
    assert message["From"] == "Folio <no-reply@folio.example>"
    assert message["Subject"] == "Reset your Folio password"
    assert message["Message-ID"] == "<0f1e2d3c.send_password_reset_mail@folio.example>"
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    assert html is not None
    assert "https://folio.example/reset-password#token=t0k3n" in text.get_content()
    assert "30 minutes" in text.get_content()
    assert "ada&lt;script&gt;" in html.get_content()  # values are escaped in HTML
    assert "<script>" not in html.get_content()


async def test_starttls_with_a_login(server_tls: ssl.SSLContext, ca_file: str) -> None:
    with smtp_server(tls=server_tls, auth=True) as inbox:
        url = f"smtp+starttls://{USERNAME}:{PASSWORD}@localhost:{inbox.port}"
        await mailer(url, ca_file).send(RESET)
        assert len(await inbox.wait_for(1)) == 1


async def test_a_wrong_password_is_an_error_not_a_silent_loss(
    server_tls: ssl.SSLContext, ca_file: str
) -> None:
    with smtp_server(tls=server_tls, auth=True) as inbox:
        url = f"smtp+starttls://{USERNAME}:wrong@localhost:{inbox.port}"
        with pytest.raises(Exception, match="535"):
            await mailer(url, ca_file).send(RESET)
        assert inbox.messages == []


async def test_implicit_tls(server_tls: ssl.SSLContext, ca_file: str) -> None:
    with smtp_server(tls=server_tls, implicit_tls=True, auth=True) as inbox:
        url = f"smtps://{USERNAME}:{PASSWORD}@localhost:{inbox.port}"
        await mailer(url, ca_file).send(RESET)
        assert len(await inbox.wait_for(1)) == 1


async def test_an_untrusted_certificate_is_refused(server_tls: ssl.SSLContext) -> None:
    with smtp_server(tls=server_tls, implicit_tls=True) as inbox:
        with pytest.raises(Exception, match=r"(?i)certificate"):
            await mailer(f"smtps://localhost:{inbox.port}").send(RESET)
        assert inbox.messages == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay", SmtpServer("relay", 25, False, False, None, None)),
        (
            "smtp+starttls://me%40x.org:p%3Ass@mail.x.org",
            SmtpServer("mail.x.org", 587, False, True, "me@x.org", "p:ss"),
        ),
        ("smtps://u:p@mail.x.org:2465", SmtpServer("mail.x.org", 2465, True, False, "u", "p")),
    ],
)
def test_smtp_urls(url: str, expected: SmtpServer) -> None:
    assert SmtpServer.from_url(url) == expected


@pytest.mark.parametrize("url", ["http://mail.x.org", "smtp://", "mail.x.org:25"])
def test_a_malformed_smtp_url_is_refused_with_the_forms_that_work(url: str) -> None:
    with pytest.raises(ValueError, match="smtp\\+starttls://"):
        SmtpServer.from_url(url)
