"""Background work: the outbox queue and its worker, mail, and the events published for live
updates. Which mailer and which handler for which event: entrypoints.composition.background."""

from dependency_injector import providers

from adapters.memory.outbox_queue import MemoryOutboxQueue
from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.outbox_queue import SqlOutboxQueue
from application.background_watch import BackgroundWatch
from application.handlers.publish_live_event import PublishLiveEvent
from application.handlers.send_password_reset_mail import SendPasswordResetMail
from application.handlers.send_verification_mail import SendVerificationMail
from application.handlers.send_welcome_mail import SendWelcomeMail
from application.housekeeping import Housekeeping
from application.outbox_worker import OutboxWorker
from application.single_use_tokens import SingleUseTokens
from entrypoints.composition import background, live_bus
from entrypoints.composition.durations import days, hours, minutes
from entrypoints.composition.storage import Storage
from entrypoints.observability.metrics.pool import metered_pool

setting = Storage.settings.provided
uow = Storage.uow


class Work(Storage):
    outbox_listener = providers.Singleton(
        background.outbox_listener, settings=Storage.settings, wakeup=Storage.outbox_wakeup
    )
    # Each queue step is one short statement: a small pool of its own without pre-ping saves
    # a round trip per step (`python -m bench.outbox`, one worker: 657 -> 739 events/s); a
    # connection that died fails one step, and the worker retries it.
    outbox_engine = providers.Singleton(
        create_engine,
        url=setting.sqlalchemy_url,
        pool_size=2,
        pool_timeout=setting.db_pool_timeout_seconds,
        pool_pre_ping=False,
        statement_timeout_ms=setting.db_statement_timeout_ms,
        transaction_pooler=setting.db_transaction_pooler,
        poolclass=providers.Callable(metered_pool, name="outbox"),
    )
    outbox_queue = providers.Selector(
        Storage.backend,
        memory=providers.Singleton(
            MemoryOutboxQueue, store=Storage.memory_store, wakeup=Storage.outbox_wakeup
        ),
        sql=providers.Singleton(
            SqlOutboxQueue,
            engine=outbox_engine,
            wakeup=Storage.outbox_wakeup,
            listener=outbox_listener,
        ),
    )
    background_watch = providers.Singleton(BackgroundWatch, queue=outbox_queue, clock=Storage.clock)
    mailer = providers.Singleton(background.mailer, settings=Storage.settings)
    mail_inbox = providers.Singleton(background.mail_inbox, settings=Storage.settings)
    single_use_tokens = providers.Singleton(SingleUseTokens, clock=Storage.clock)
    send_welcome_mail = providers.Singleton(SendWelcomeMail, uow=uow, mailer=mailer)
    send_verification_mail = providers.Singleton(
        SendVerificationMail,
        uow=uow,
        mailer=mailer,
        tokens=single_use_tokens,
        lifetime=providers.Callable(hours, value=setting.email_verification_ttl_hours),
        per_hour=setting.verification_mails_per_hour,
    )
    send_password_reset_mail = providers.Singleton(
        SendPasswordResetMail,
        uow=uow,
        mailer=mailer,
        tokens=single_use_tokens,
        lifetime=providers.Callable(minutes, value=setting.password_reset_ttl_minutes),
        per_hour=setting.password_reset_mails_per_hour,
    )
    event_bus = providers.Singleton(live_bus.event_bus, settings=Storage.settings)
    publish_live_event = providers.Singleton(
        PublishLiveEvent,
        bus=event_bus,
        clock=Storage.clock,
        max_age=providers.Callable(live_bus.resume_window, settings=Storage.settings),
    )
    event_handlers = providers.Singleton(
        background.event_handlers,
        send_welcome_mail=send_welcome_mail,
        send_verification_mail=send_verification_mail,
        send_password_reset_mail=send_password_reset_mail,
        publish_live_event=providers.Callable(
            lambda enabled, publish: publish if enabled else None,
            enabled=setting.live_enabled,
            publish=publish_live_event,
        ),
    )
    housekeeping = providers.Singleton(
        Housekeeping,
        uow=uow,
        clock=Storage.clock,
        audit_retention=providers.Callable(days, value=setting.audit_retention_days),
    )
    outbox_worker = providers.Factory(
        OutboxWorker,
        queue=outbox_queue,
        handlers=event_handlers,
        clock=Storage.clock,
        settings=providers.Callable(background.worker_settings, settings=Storage.settings),
        housekeeping=housekeeping,
    )
