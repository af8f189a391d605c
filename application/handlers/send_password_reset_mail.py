import logging
from datetime import timedelta

from application.ports.clock import Clock
from application.ports.mailer import Mail, Mailer, MailKind
from application.ports.one_time_tokens import TokenPurpose
from application.ports.unit_of_work import UnitOfWorkFactory
from application.single_use_tokens import SingleUseTokens
from domain.events import PasswordResetRequested

log = logging.getLogger("folio.worker")
PER_ADDRESS_WINDOW = timedelta(hours=1)


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
        clock: Clock,
        *,
        lifetime: timedelta,
        per_hour: int,
    ) -> None:
        self._uow, self._mailer, self._tokens, self._clock = uow, mailer, tokens, clock
        self._lifetime, self._per_hour = lifetime, per_hour

    async def __call__(self, event: PasswordResetRequested) -> None:
        purpose = TokenPurpose.PASSWORD_RESET
        async with self._uow() as uow:
            user = await uow.users.by_email(event.email)
            if user is None or not user.is_active:
                return
            since = self._clock.now() - PER_ADDRESS_WINDOW
            issued = await uow.one_time_tokens.issued_since(
                user.id, purpose, since, other_than=event.event_id
            )
            if issued >= self._per_hour:
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
