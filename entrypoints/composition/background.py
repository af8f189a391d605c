"""Background work's part of the composition root: which mailer (and the development inbox),
which handler for which event, the worker's settings."""

from datetime import timedelta

from adapters.local_wakeup import LocalWakeup
from adapters.mail.console import ConsoleMailer
from adapters.mail.development import DevelopmentInbox, DevelopmentMailer
from adapters.mail.smtp import SmtpMailer, SmtpServer
from adapters.sqlalchemy.notifications import OutboxListener
from application.event_handlers import DEFAULT_LANE, EventHandlers, Handler
from application.handlers.publish_live_event import PublishLiveEvent
from application.handlers.send_password_reset_mail import SendPasswordResetMail
from application.handlers.send_verification_mail import SendVerificationMail
from application.handlers.send_welcome_mail import SendWelcomeMail
from application.live.updates import LIVE_EVENT_TYPES
from application.outbox_worker import RetryPolicy, WorkerSettings
from application.ports.mail_inbox import MailInbox
from application.ports.mailer import Mailer
from domain.events import (
    DomainEvent,
    EmailChangeRequested,
    EmailVerificationRequested,
    PasswordResetRequested,
    UserRegistered,
)
from entrypoints.composition.settings import Settings
from entrypoints.observability.metrics.handlers import metered_handler

MAIL_LANE = "mail"


def mailer(settings: Settings) -> Mailer:
    if settings.development_mail_folder is not None:
        return DevelopmentMailer(
            settings.development_mail_folder,
            sender=settings.mail_from,
            web_url=settings.web_app_url,
        )
    if settings.smtp_url is None:
        return ConsoleMailer(web_url=settings.web_app_url)
    return SmtpMailer(
        SmtpServer.from_url(settings.smtp_url.get_secret_value()),
        sender=settings.mail_from,
        web_url=settings.web_app_url,
        ca_file=settings.smtp_ca_file,
        timeout_seconds=settings.smtp_timeout_seconds,
    )


def mail_inbox(settings: Settings) -> MailInbox | None:
    folder = settings.development_mail_folder
    return None if folder is None else DevelopmentInbox(folder)


def outbox_listener(settings: Settings, wakeup: LocalWakeup) -> OutboxListener | None:
    """LISTEN needs a connection of its own to the server: a transaction pooler lends one only
    for a transaction, and a notification would reach whichever client held it then."""
    if settings.database_listen_url is not None:
        return OutboxListener(settings.database_listen_url.get_secret_value(), wakeup)
    if not settings.sqlalchemy_url.startswith("postgresql") or settings.db_transaction_pooler:
        return None
    return OutboxListener(settings.sqlalchemy_url, wakeup)


def event_handlers(
    *,
    send_welcome_mail: SendWelcomeMail,
    send_verification_mail: SendVerificationMail,
    send_password_reset_mail: SendPasswordResetMail,
    publish_live_event: PublishLiveEvent | None,
) -> EventHandlers:
    handlers = EventHandlers()

    def register(
        kind: type[DomainEvent], name: str, handler: Handler, lane: str = DEFAULT_LANE
    ) -> None:
        handlers.register(kind, name, metered_handler(name, handler), lane=lane)

    # Mail in a lane of its own: a mail server that is slow or hangs holds up no live update
    # and no ended session (the default lane's work).
    register(UserRegistered, SendWelcomeMail.NAME, send_welcome_mail, MAIL_LANE)
    for cause in (UserRegistered, EmailChangeRequested, EmailVerificationRequested):
        register(cause, SendVerificationMail.NAME, send_verification_mail, MAIL_LANE)
    register(
        PasswordResetRequested, SendPasswordResetMail.NAME, send_password_reset_mail, MAIL_LANE
    )
    if publish_live_event is not None:
        for kind in LIVE_EVENT_TYPES:
            register(kind, PublishLiveEvent.NAME, publish_live_event)
    return handlers


def worker_settings(settings: Settings) -> WorkerSettings:
    return WorkerSettings(
        batch_size=settings.worker_batch_size,
        lease=timedelta(seconds=settings.worker_lease_seconds),
        poll_seconds=settings.worker_poll_seconds,
        retry=RetryPolicy(
            max_attempts=settings.worker_max_attempts,
            first_delay=timedelta(seconds=settings.worker_retry_first_delay_seconds),
            max_delay=timedelta(seconds=settings.worker_retry_max_delay_seconds),
        ),
        keep_completed=timedelta(hours=settings.outbox_keep_completed_hours),
    )
