from application.ports.mailer import Mail, Mailer, MailKind
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.events import UserRegistered


class SendWelcomeMail:
    NAME = "send_welcome_mail"

    def __init__(self, uow: UnitOfWorkFactory, mailer: Mailer) -> None:
        self._uow, self._mailer = uow, mailer

    async def __call__(self, event: UserRegistered) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(event.user_id)
        if user is None:
            return  # deleted since: nobody to welcome
        await self._mailer.send(
            Mail(
                MailKind.WELCOME,
                to=user.email,
                key=f"{event.event_id}.{self.NAME}",
                values={"username": user.username},
            )
        )
