"""The composition root: settings in, adapters wired to ports, use cases out.

Every constructor argument is passed by keyword, so a reordered signature cannot be wired
wrong silently. One section per concern; background work lives in entrypoints.background."""

from datetime import timedelta

from dependency_injector import containers, providers

from adapters.local_wakeup import LocalWakeup
from adapters.memory.outbox_queue import MemoryOutboxQueue
from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryStorageHealth, MemoryUnitOfWork
from adapters.security.argon2_hasher import Argon2PasswordHasher
from adapters.security.jwt_access_tokens import JwtAccessTokens
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.kept_connections import KeptConnections
from adapters.sqlalchemy.outbox_queue import SqlOutboxQueue
from adapters.sqlalchemy.unit_of_work import SqlStorageHealth, SqlUnitOfWork
from adapters.system import RandomIds, SystemClock
from application.event_recording import EventRecorder
from application.handlers.publish_live_event import PublishLiveEvent
from application.handlers.send_password_reset_mail import SendPasswordResetMail
from application.handlers.send_verification_mail import SendVerificationMail
from application.handlers.send_welcome_mail import SendWelcomeMail
from application.idempotency import IdempotentRequests
from application.login_fingerprints import LoginFingerprints
from application.outbox_worker import OutboxWorker
from application.paging import CursorCodec
from application.policies import CredentialChangePolicy
from application.sessions import SessionIssuer
from application.single_use_tokens import SingleUseTokens
from application.use_cases.accounts.update_own_account import UpdateOwnAccount
from application.use_cases.admin.administer_account import AdministerAccount
from application.use_cases.admin.create_admin import CreateAdmin
from application.use_cases.admin.delete_user import DeleteUser
from application.use_cases.admin.list_users import ListUsers
from application.use_cases.auth.authenticate import Authenticate
from application.use_cases.auth.change_password import ChangePassword
from application.use_cases.auth.log_in import LogIn
from application.use_cases.auth.log_out import LogOut
from application.use_cases.auth.log_out_everywhere import LogOutEverywhere
from application.use_cases.auth.refresh_session import RefreshSession
from application.use_cases.auth.register_user import RegisterUser
from application.use_cases.auth.request_email_verification import RequestEmailVerification
from application.use_cases.auth.request_password_reset import RequestPasswordReset
from application.use_cases.auth.reset_password import ResetPassword
from application.use_cases.auth.sign_up import SignUp
from application.use_cases.auth.verify_email import VerifyEmail
from application.use_cases.comments.add_comment import AddComment
from application.use_cases.comments.delete_comment import DeleteComment
from application.use_cases.comments.list_comments import ListComments
from application.use_cases.live.live_queries import LiveQueries
from application.use_cases.posts.delete_post import DeletePost
from application.use_cases.posts.edit_post import EditPost
from application.use_cases.posts.favorite_post import FavoritePost
from application.use_cases.posts.get_feed import GetFeed
from application.use_cases.posts.get_post import GetPost
from application.use_cases.posts.list_posts import ListPosts
from application.use_cases.posts.list_tags import ListTags
from application.use_cases.posts.publish_post import PublishPost
from application.use_cases.posts.unfavorite_post import UnfavoritePost
from application.use_cases.profiles.follow_user import FollowUser
from application.use_cases.profiles.unfollow_user import UnfollowUser
from application.use_cases.profiles.view_profile import ViewProfile
from entrypoints import background
from entrypoints.live import wiring as live_wiring
from entrypoints.live.hub import LiveHub
from entrypoints.metrics.hashing import MeteredPasswordHasher
from entrypoints.metrics.pool import MeteredWaits, metered_pool
from entrypoints.secrets import derived_key, resolve_jwt_secret
from entrypoints.settings import Settings
from entrypoints.throttling import throttle_from
from entrypoints.tracing.provider import tracer_provider


def _seconds(value: float) -> timedelta:
    return timedelta(seconds=value)


def _twice_seconds(value: float) -> timedelta:
    return 2 * timedelta(seconds=value)


def _minutes(value: int) -> timedelta:
    return timedelta(minutes=value)


def _hours(value: float) -> timedelta:
    return timedelta(hours=value)


def _days(value: int) -> timedelta:
    return timedelta(days=value)


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings)
    backend = providers.Callable(lambda settings: settings.storage_backend, settings=settings)

    # --- Time, identifiers, secrets ----------------------------------------------------------
    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(RandomIds)
    tracer_provider = providers.Singleton(tracer_provider)
    jwt_secret = providers.Singleton(resolve_jwt_secret, settings=settings)
    cursors = providers.Singleton(
        CursorCodec, key=providers.Callable(derived_key, secret=jwt_secret, purpose="cursors")
    )
    login_fingerprints = providers.Singleton(
        LoginFingerprints,
        key=providers.Callable(derived_key, secret=jwt_secret, purpose="login-fingerprints"),
    )

    # --- Passwords and tokens ------------------------------------------------------------------
    password_hasher = providers.Singleton(
        MeteredPasswordHasher,
        inner=providers.Singleton(
            Argon2PasswordHasher,
            time_cost=settings.provided.argon2_time_cost,
            memory_cost=settings.provided.argon2_memory_cost,
            parallelism=settings.provided.argon2_parallelism,
            concurrency=settings.provided.password_hashing_concurrency,
        ),
    )
    access_tokens = providers.Singleton(
        JwtAccessTokens,
        secret=jwt_secret,
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        lifetime=providers.Callable(_seconds, value=settings.provided.access_token_ttl_seconds),
        clock=clock,
    )

    # --- Storage: chosen by DATABASE_URL; the backend not chosen is never built ---------------
    # Rung by a unit of work that committed events, so a worker in this process starts at once.
    outbox_wakeup = providers.Singleton(LocalWakeup)
    memory_store = providers.Singleton(MemoryStore)
    engine = providers.Singleton(
        create_engine,
        url=settings.provided.sqlalchemy_url,
        pool_size=settings.provided.db_pool_size,
        pool_timeout=settings.provided.db_pool_timeout_seconds,
        pool_pre_ping=settings.provided.db_pool_pre_ping,
        statement_timeout_ms=settings.provided.db_statement_timeout_ms,
        transaction_pooler=settings.provided.db_transaction_pooler,
        poolclass=providers.Callable(metered_pool, name="requests"),
    )
    kept_connections = providers.Singleton(
        KeptConnections, engine=engine, waits=providers.Factory(MeteredWaits, name="requests")
    )
    unit_of_work = providers.Selector(
        backend,
        memory=providers.Factory(MemoryUnitOfWork, store=memory_store, wakeup=outbox_wakeup),
        sql=providers.Factory(
            SqlUnitOfWork,
            engine=engine,
            kept=kept_connections,
            wakeup=outbox_wakeup,
            # Traced, every statement goes through SQLAlchemy, whose cursor events make spans.
            prepared_reads=providers.Singleton(
                lambda tracing: tracing is None, tracing=tracer_provider
            ),
        ),
    )
    storage_health = providers.Selector(
        backend,
        memory=providers.Singleton(MemoryStorageHealth),
        sql=providers.Singleton(
            SqlStorageHealth,
            engine=engine,
            kept=kept_connections,
            timeout_seconds=settings.provided.readiness_timeout_seconds,
        ),
    )
    uow = unit_of_work.provider
    events = providers.Singleton(EventRecorder, clock=clock, ids=ids)

    throttle = providers.Singleton(
        throttle_from, settings=settings, fingerprints=login_fingerprints
    )
    idempotent_requests = providers.Singleton(
        IdempotentRequests,
        uow=uow,
        clock=clock,
        keep=providers.Callable(_hours, value=settings.provided.idempotency_key_ttl_hours),
        # A first request still running after this is taken for dead: twice its deadline.
        hold=providers.Callable(_twice_seconds, value=settings.provided.request_timeout_seconds),
    )

    # --- Background work: the outbox worker and what it runs -------------------------------
    outbox_listener = providers.Singleton(
        background.outbox_listener, settings=settings, wakeup=outbox_wakeup
    )
    # Each queue step is one short statement: a small pool of its own without pre-ping saves
    # a round trip per step (`python -m bench.outbox`, one worker: 657 -> 739 events/s); a
    # connection that died fails one step, and the worker retries it.
    outbox_engine = providers.Singleton(
        create_engine,
        url=settings.provided.sqlalchemy_url,
        pool_size=2,
        pool_timeout=settings.provided.db_pool_timeout_seconds,
        pool_pre_ping=False,
        statement_timeout_ms=settings.provided.db_statement_timeout_ms,
        transaction_pooler=settings.provided.db_transaction_pooler,
        poolclass=providers.Callable(metered_pool, name="outbox"),
    )
    outbox_queue = providers.Selector(
        backend,
        memory=providers.Singleton(MemoryOutboxQueue, store=memory_store, wakeup=outbox_wakeup),
        sql=providers.Singleton(
            SqlOutboxQueue, engine=outbox_engine, wakeup=outbox_wakeup, listener=outbox_listener
        ),
    )
    mailer = providers.Singleton(background.mailer, settings=settings)
    single_use_tokens = providers.Singleton(SingleUseTokens, clock=clock)
    send_welcome_mail = providers.Singleton(SendWelcomeMail, uow=uow, mailer=mailer)
    send_verification_mail = providers.Singleton(
        SendVerificationMail,
        uow=uow,
        mailer=mailer,
        tokens=single_use_tokens,
        lifetime=providers.Callable(_hours, value=settings.provided.email_verification_ttl_hours),
        per_hour=settings.provided.verification_mails_per_hour,
    )
    send_password_reset_mail = providers.Singleton(
        SendPasswordResetMail,
        uow=uow,
        mailer=mailer,
        tokens=single_use_tokens,
        lifetime=providers.Callable(_minutes, value=settings.provided.password_reset_ttl_minutes),
        per_hour=settings.provided.password_reset_mails_per_hour,
    )
    event_bus = providers.Singleton(live_wiring.event_bus, settings=settings)
    publish_live_event = providers.Singleton(
        PublishLiveEvent,
        bus=event_bus,
        clock=clock,
        max_age=providers.Callable(live_wiring.resume_window, settings=settings),
    )
    event_handlers = providers.Singleton(
        background.event_handlers,
        send_welcome_mail=send_welcome_mail,
        send_verification_mail=send_verification_mail,
        send_password_reset_mail=send_password_reset_mail,
        publish_live_event=providers.Callable(
            lambda enabled, publish: publish if enabled else None,
            enabled=settings.provided.live_enabled,
            publish=publish_live_event,
        ),
    )
    outbox_worker = providers.Factory(
        OutboxWorker,
        queue=outbox_queue,
        handlers=event_handlers,
        clock=clock,
        settings=providers.Callable(background.worker_settings, settings=settings),
    )

    # --- Accounts and sessions --------------------------------------------------------------
    sessions = providers.Singleton(
        SessionIssuer,
        access_tokens=access_tokens,
        clock=clock,
        ids=ids,
        refresh_token_lifetime=providers.Callable(
            _days, value=settings.provided.refresh_token_ttl_days
        ),
    )
    register_user = providers.Singleton(
        RegisterUser, uow=uow, hasher=password_hasher, clock=clock, ids=ids, events=events
    )
    sign_up = providers.Singleton(SignUp, uow=uow, register_user=register_user, sessions=sessions)
    log_in = providers.Singleton(
        LogIn,
        uow=uow,
        hasher=password_hasher,
        sessions=sessions,
        clock=clock,
        fingerprints=login_fingerprints,
    )
    refresh_session = providers.Singleton(
        RefreshSession,
        uow=uow,
        sessions=sessions,
        clock=clock,
        reuse_grace=providers.Callable(
            _seconds, value=settings.provided.refresh_reuse_grace_seconds
        ),
    )
    log_out = providers.Singleton(LogOut, uow=uow, clock=clock)
    log_out_everywhere = providers.Singleton(LogOutEverywhere, uow=uow, events=events)
    authenticate = providers.Singleton(Authenticate, uow=uow, access_tokens=access_tokens)
    change_password = providers.Singleton(
        ChangePassword, uow=uow, hasher=password_hasher, clock=clock, events=events
    )
    request_password_reset = providers.Singleton(RequestPasswordReset, uow=uow, events=events)
    reset_password = providers.Singleton(
        ResetPassword, uow=uow, hasher=password_hasher, clock=clock, events=events
    )
    verify_email = providers.Singleton(VerifyEmail, uow=uow, clock=clock)
    request_email_verification = providers.Singleton(
        RequestEmailVerification, uow=uow, events=events
    )
    update_own_account = providers.Singleton(
        UpdateOwnAccount, uow=uow, hasher=password_hasher, clock=clock, events=events
    )

    # --- Profiles ------------------------------------------------------------------------------
    view_profile = providers.Singleton(ViewProfile, uow=uow)
    follow_user = providers.Singleton(FollowUser, uow=uow, events=events)
    unfollow_user = providers.Singleton(UnfollowUser, uow=uow, events=events)

    # --- Administration ------------------------------------------------------------------------
    create_admin = providers.Singleton(
        CreateAdmin, uow=uow, register_user=register_user, clock=clock
    )
    list_users = providers.Singleton(ListUsers, uow=uow, cursors=cursors)
    administer_account = providers.Singleton(AdministerAccount, uow=uow, clock=clock, events=events)
    delete_user = providers.Singleton(DeleteUser, uow=uow, events=events)

    # --- Posts, favorites, tags, comments -------------------------------------------------
    require_verified_email = settings.provided.require_verified_email
    publish_post = providers.Singleton(
        PublishPost,
        uow=uow,
        clock=clock,
        ids=ids,
        events=events,
        require_verified_email=require_verified_email,
    )
    edit_post = providers.Singleton(
        EditPost,
        uow=uow,
        clock=clock,
        events=events,
        require_verified_email=require_verified_email,
    )
    delete_post = providers.Singleton(DeletePost, uow=uow, events=events)
    get_post = providers.Singleton(GetPost, uow=uow)
    list_posts = providers.Singleton(ListPosts, uow=uow, cursors=cursors)
    get_feed = providers.Singleton(GetFeed, uow=uow, cursors=cursors)
    favorite_post = providers.Singleton(FavoritePost, uow=uow, events=events)
    unfavorite_post = providers.Singleton(UnfavoritePost, uow=uow, events=events)
    list_tags = providers.Singleton(ListTags, uow=uow)
    add_comment = providers.Singleton(
        AddComment,
        uow=uow,
        clock=clock,
        events=events,
        require_verified_email=require_verified_email,
    )
    list_comments = providers.Singleton(ListComments, uow=uow, cursors=cursors)
    delete_comment = providers.Singleton(DeleteComment, uow=uow, events=events)

    # --- The Conduit dialect: access tokens alone, longer-lived, for Conduit's audience only,
    # and the spec's weaker policy for changing e-mail and password (CredentialChangePolicy) --
    conduit_access_tokens = providers.Singleton(
        JwtAccessTokens,
        secret=jwt_secret,
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.conduit_jwt_audience,
        lifetime=providers.Callable(_seconds, value=settings.provided.conduit_token_ttl_seconds),
        clock=clock,
    )
    conduit_authenticate = providers.Singleton(
        Authenticate, uow=uow, access_tokens=conduit_access_tokens
    )
    conduit_sessions = providers.Singleton(
        SessionIssuer,
        access_tokens=conduit_access_tokens,
        clock=clock,
        ids=ids,
        refresh_token_lifetime=None,
    )
    conduit_sign_up = providers.Singleton(
        SignUp, uow=uow, register_user=register_user, sessions=conduit_sessions
    )
    conduit_log_in = providers.Singleton(
        LogIn,
        uow=uow,
        hasher=password_hasher,
        sessions=conduit_sessions,
        clock=clock,
        fingerprints=login_fingerprints,
    )
    conduit_update_account = providers.Singleton(
        UpdateOwnAccount,
        uow=uow,
        hasher=password_hasher,
        clock=clock,
        events=events,
        policy=CredentialChangePolicy.TRUST_SESSION,
    )

    # --- Live updates ------------------------------------------------------------------------
    live_queries = providers.Singleton(LiveQueries, uow=uow)
    live_hub = providers.Singleton(
        LiveHub,
        bus=event_bus,
        queries=live_queries,
        clock=clock,
        resume_events=settings.provided.live_resume_events,
        resume_window=providers.Callable(live_wiring.resume_window, settings=settings),
    )
    live_limits = providers.Singleton(live_wiring.live_limits, settings=settings)
