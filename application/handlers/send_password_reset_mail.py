import logging
from datetime import timedelta

from application.ports.mailer import Mail, Mailer, MailKind
from application.ports.one_time_tokens import TokenPurpose
from application.ports.unit_of_work import UnitOfWorkFactory
from application.single_use_tokens import SingleUseTokens
from domain.events import PasswordResetRequested

log = logging.getLogger("folio.worker")


class SendPasswordResetMail:
    """Mails a reset token if the address has an active account, at most `per_hour` tokens an
    hour per account (so the endpoint cannot be used to flood a mailbox). An address without
    an account gets nothing: the request was answered the same either way."""

    NAME = "send_password_reset_mail"

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        mailer: Mailer,
        tokens: SingleUseTokens,
        *,
        lifetime: timedelta,
        per_hour: int,
    ) -> None:
        self._uow, self._mailer, self._tokens = uow, mailer, tokens
        self._lifetime, self._per_hour = lifetime, per_hour

    async def __call__(self, event: PasswordResetRequested) -> None:
        purpose = TokenPurpose.PASSWORD_RESET
        async with self._uow() as uow:
            user = await uow.users.by_email(event.email)
            if user is None or not user.is_active:
                return
            if not await self._tokens.may_issue(
                uow, purpose=purpose, user=user, event_id=event.event_id, per_hour=self._per_hour
            ):
                log.warning("password_reset_throttled", extra={"user_id": str(user.id)})
                return
            token = await self._tokens.issue(
                uow, purpose=purpose, user=user, event_id=event.event_id, lifetime=self._lifetime
            )
            await uow.commit()
        minutes = str(int(self._lifetime.total_seconds() // 60))
        await self._mailer.send(
            Mail(
                MailKind.PASSWORD_RESET,
                to=user.email,
                key=f"{event.event_id}.{self.NAME}",
                values={"username": user.username, "token": token, "minutes": minutes},
            )
        )
