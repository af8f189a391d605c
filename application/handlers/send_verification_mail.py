import logging
from datetime import timedelta

from application.ports.mailer import Mail, Mailer, MailKind
from application.ports.one_time_tokens import TokenPurpose
from application.ports.unit_of_work import UnitOfWorkFactory
from application.single_use_tokens import SingleUseTokens
from domain.events import EmailChangeRequested, EmailVerificationRequested, UserRegistered

log = logging.getLogger("folio.worker")
VerificationCause = UserRegistered | EmailChangeRequested | EmailVerificationRequested


class SendVerificationMail:
    """Mails a verification token to the account's current address, unless it is verified or
    the account had `per_hour` of them in the last hour (whatever asked for them: a sign-up, a
    new address, a request for another)."""

    NAME = "send_verification_mail"

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        mailer: Mailer,
        tokens: SingleUseTokens,
        *,
        lifetime: timedelta,
        per_hour: int,
    ) -> None:
        self._uow, self._mailer, self._tokens, self._lifetime = uow, mailer, tokens, lifetime
        self._per_hour = per_hour

    async def __call__(self, event: VerificationCause) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(event.user_id)
            if user is None or user.email_verified:
                return
            purpose = TokenPurpose.EMAIL_VERIFICATION
            if not await self._tokens.may_issue(
                uow, purpose=purpose, user=user, event_id=event.event_id, per_hour=self._per_hour
            ):
                log.warning("verification_mail_throttled", extra={"user_id": str(user.id)})
                return
            token = await self._tokens.issue(
                uow,
                purpose=purpose,
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
