from datetime import datetime

from pydantic import BaseModel

from application.ports.mail_inbox import SentMail


class SentMailOut(BaseModel):
    message_id: str
    to: str
    subject: str
    sent_at: datetime
    text: str

    @classmethod
    def of(cls, mail: SentMail) -> "SentMailOut":
        return cls(
            message_id=mail.message_id,
            to=mail.to,
            subject=mail.subject,
            sent_at=mail.sent_at,
            text=mail.text,
        )


class SentMailsOut(BaseModel):
    items: list[SentMailOut]
