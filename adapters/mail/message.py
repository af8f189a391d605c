"""A mail as it goes out: headers, a plain-text and an HTML part. The same for every delivery
of one mail (its Message-ID comes from the mail's key), so a repeat can be recognised
downstream."""

from email.message import EmailMessage
from email.utils import formatdate

from adapters.mail.templates import render
from application.ports.mailer import Mail


def compose(mail: Mail, *, sender: str, web_url: str) -> EmailMessage:
    rendered = render(mail, web_url)
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = rendered.subject
    message["Date"] = formatdate(usegmt=True)
    domain = sender.rpartition("@")[2].rstrip(">") or "folio.invalid"
    message["Message-ID"] = f"<{mail.key}@{domain}>"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    return message
