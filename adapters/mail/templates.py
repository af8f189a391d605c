"""The mails' wording: a subject, a plain-text part and an HTML part per kind. Values are
HTML-escaped in the HTML part; links carry tokens in the fragment, which browsers never send
to a server, so a token does not end up in a web server's access log."""

import html
from dataclasses import dataclass
from string import Template

from application.ports.mailer import Mail, MailKind


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class _Template:
    subject: str
    text: Template
    html: Template


_TEMPLATES = {
    MailKind.WELCOME: _Template(
        subject="Welcome to Folio",
        text=Template(
            "Hello $username,\n\n"
            "your Folio account is ready. Sign in at $web_url and start writing.\n\n"
            "If you did not create this account, you can ignore this mail.\n"
        ),
        html=Template(
            "<p>Hello $username,</p>"
            '<p>your Folio account is ready. Sign in at <a href="$web_url">$web_url</a> and '
            "start writing.</p>"
            "<p>If you did not create this account, you can ignore this mail.</p>"
        ),
    ),
    MailKind.PASSWORD_RESET: _Template(
        subject="Reset your Folio password",
        text=Template(
            "Hello $username,\n\n"
            "someone asked to reset the password of your Folio account. To choose a new one, "
            "open\n\n  $web_url/reset-password#token=$token\n\n"
            "or send this token with your new password to "
            "POST /api/v1/auth/password-reset/confirm:\n\n  $token\n\n"
            "It works once, for $minutes minutes. If it was not you, ignore this mail: your "
            "password stays as it is.\n"
        ),
        html=Template(
            "<p>Hello $username,</p>"
            "<p>someone asked to reset the password of your Folio account. "
            '<a href="$web_url/reset-password#token=$token">Choose a new password</a>, '
            "or send this token with your new password to "
            "<code>POST /api/v1/auth/password-reset/confirm</code>:</p>"
            "<p><code>$token</code></p>"
            "<p>It works once, for $minutes minutes. If it was not you, ignore this mail: "
            "your password stays as it is.</p>"
        ),
    ),
    MailKind.EMAIL_VERIFICATION: _Template(
        subject="Confirm your e-mail address for Folio",
        text=Template(
            "Hello $username,\n\n"
            "please confirm that this address belongs to your Folio account: open\n\n"
            "  $web_url/verify-email#token=$token\n\n"
            "or send this token to POST /api/v1/auth/verify-email:\n\n  $token\n\n"
            "It works once, for $hours hours.\n"
        ),
        html=Template(
            "<p>Hello $username,</p>"
            "<p>please confirm that this address belongs to your Folio account: "
            '<a href="$web_url/verify-email#token=$token">confirm the address</a>, '
            "or send this token to <code>POST /api/v1/auth/verify-email</code>:</p>"
            "<p><code>$token</code></p>"
            "<p>It works once, for $hours hours.</p>"
        ),
    ),
}


def render(mail: Mail, web_url: str) -> Rendered:
    values = {**mail.values, "web_url": web_url.rstrip("/")}
    template = _TEMPLATES[mail.kind]
    escaped = {name: html.escape(value) for name, value in values.items()}
    return Rendered(
        subject=template.subject,
        text=template.text.substitute(values),
        html=f"<!doctype html><html><body>{template.html.substitute(escaped)}</body></html>",
    )
