from datetime import timedelta

from application.ports.mailer import Mail, Mailer, MailKind
from application.ports.one_time_tokens import TokenPurpose
from application.ports.unit_of_work import UnitOfWorkFactory
from application.single_use_tokens import SingleUseTokens
from domain.events import EmailChangeRequested, EmailVerificationRequested, UserRegistered

VerificationCause = UserRegistered | EmailChangeRequested | EmailVerificationRequested


class SendVerificationMail:
    """Mails a verification token to the account's current address, unless it is verified."""

    NAME = "send_verification_mail"

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        mailer: Mailer,
        tokens: SingleUseTokens,
        *,
        lifetime: timedelta,
    ) -> None:
        self._uow, self._mailer, self._tokens, self._lifetime = uow, mailer, tokens, lifetime

    async def __call__(self, event: VerificationCause) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(event.user_id)
            if user is None or user.email_verified:
                return
            token = await self._tokens.issue(
                uow,
                purpose=TokenPurpose.EMAIL_VERIFICATION,
                user=user,
                event_id=event.event_id,
                lifetime=self._lifetime,
            )
            await uow.commit()
        hours = str(int(self._lifetime.total_seconds() // 3600))
        await self._mailer.send(
            Mail(
                MailKind.EMAIL_VERIFICATION,
                to=user.email,
                key=f"{event.event_id}.{self.NAME}",
                values={"username": user.username, "token": token, "hours": hours},
            )
        )
