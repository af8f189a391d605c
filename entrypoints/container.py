"""The composition root: settings in, adapters wired to ports, use cases out."""

from datetime import timedelta

from dependency_injector import containers, providers

from adapters.memory.store import MemoryStore
from adapters.memory.unit_of_work import MemoryStorageHealth, MemoryUnitOfWork
from adapters.security.argon2_hasher import Argon2PasswordHasher
from adapters.security.jwt_access_tokens import JwtAccessTokens
from adapters.sqlalchemy.engine import create_engine
from adapters.sqlalchemy.unit_of_work import SqlStorageHealth, SqlUnitOfWork
from adapters.system import RandomIds, SystemClock
from application.paging import CursorCodec
from application.policies import CredentialChangePolicy
from application.sessions import SessionIssuer
from application.use_cases.accounts.get_own_account import GetOwnAccount
from application.use_cases.accounts.update_own_account import UpdateOwnAccount
from application.use_cases.admin.change_role import ChangeRole
from application.use_cases.admin.create_admin import CreateAdmin
from application.use_cases.admin.deactivate_user import DeactivateUser
from application.use_cases.admin.delete_user import DeleteUser
from application.use_cases.admin.list_users import ListUsers
from application.use_cases.admin.reactivate_user import ReactivateUser
from application.use_cases.admin.view_account import ViewAccount
from application.use_cases.auth.authenticate import Authenticate
from application.use_cases.auth.change_password import ChangePassword
from application.use_cases.auth.log_in import LogIn
from application.use_cases.auth.log_out import LogOut
from application.use_cases.auth.refresh_session import RefreshSession
from application.use_cases.auth.register_user import RegisterUser
from application.use_cases.auth.sign_up import SignUp
from application.use_cases.comments.add_comment import AddComment
from application.use_cases.comments.delete_comment import DeleteComment
from application.use_cases.comments.list_comments import ListComments
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
from entrypoints.secrets import derived_key, resolve_jwt_secret
from entrypoints.settings import Settings


def _seconds(value: int) -> timedelta:
    return timedelta(seconds=value)


def _days(value: int) -> timedelta:
    return timedelta(days=value)


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings)
    backend = providers.Callable(lambda s: s.storage_backend, settings)

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(RandomIds)
    jwt_secret = providers.Singleton(resolve_jwt_secret, settings)
    cursors = providers.Singleton(
        CursorCodec, providers.Callable(derived_key, jwt_secret, "cursors")
    )

    password_hasher = providers.Singleton(
        Argon2PasswordHasher,
        time_cost=settings.provided.argon2_time_cost,
        memory_cost=settings.provided.argon2_memory_cost,
        parallelism=settings.provided.argon2_parallelism,
        concurrency=settings.provided.password_hashing_concurrency,
    )
    access_tokens = providers.Singleton(
        JwtAccessTokens,
        secret=jwt_secret,
        issuer=settings.provided.jwt_issuer,
        audience=settings.provided.jwt_audience,
        lifetime=providers.Callable(_seconds, settings.provided.access_token_ttl_seconds),
        clock=clock,
    )

    # Storage: chosen by DATABASE_URL; the backend not chosen is never built.
    memory_store = providers.Singleton(MemoryStore)
    engine = providers.Singleton(
        create_engine,
        settings.provided.sqlalchemy_url,
        pool_size=settings.provided.db_pool_size,
        pool_timeout=settings.provided.db_pool_timeout_seconds,
        pool_pre_ping=settings.provided.db_pool_pre_ping,
        statement_timeout_ms=settings.provided.db_statement_timeout_ms,
    )
    unit_of_work = providers.Selector(
        backend,
        memory=providers.Factory(MemoryUnitOfWork, memory_store),
        sql=providers.Factory(SqlUnitOfWork, engine),
    )
    storage_health = providers.Selector(
        backend,
        memory=providers.Singleton(MemoryStorageHealth),
        sql=providers.Singleton(SqlStorageHealth, engine),
    )

    sessions = providers.Singleton(
        SessionIssuer,
        access_tokens,
        clock,
        ids,
        providers.Callable(_days, settings.provided.refresh_token_ttl_days),
    )
    uow = unit_of_work.provider

    register_user = providers.Singleton(RegisterUser, uow, password_hasher, clock, ids)
    sign_up = providers.Singleton(SignUp, uow, register_user, sessions)
    log_in = providers.Singleton(LogIn, uow, password_hasher, sessions, clock)
    refresh_session = providers.Singleton(RefreshSession, uow, sessions, clock)
    log_out = providers.Singleton(LogOut, uow)
    authenticate = providers.Singleton(Authenticate, uow, access_tokens)
    change_password = providers.Singleton(ChangePassword, uow, password_hasher, clock)

    get_own_account = providers.Singleton(GetOwnAccount, uow)
    update_own_account = providers.Singleton(UpdateOwnAccount, uow, password_hasher, clock)
    view_profile = providers.Singleton(ViewProfile, uow)
    follow_user = providers.Singleton(FollowUser, uow)
    unfollow_user = providers.Singleton(UnfollowUser, uow)

    create_admin = providers.Singleton(CreateAdmin, uow, register_user, clock)
    view_account = providers.Singleton(ViewAccount, uow)
    list_users = providers.Singleton(ListUsers, uow, cursors)
    change_role = providers.Singleton(ChangeRole, uow, clock)
    deactivate_user = providers.Singleton(DeactivateUser, uow, clock)
    reactivate_user = providers.Singleton(ReactivateUser, uow, clock)
    delete_user = providers.Singleton(DeleteUser, uow)

    publish_post = providers.Singleton(PublishPost, uow, clock, ids)
    edit_post = providers.Singleton(EditPost, uow, clock)
    delete_post = providers.Singleton(DeletePost, uow)
    get_post = providers.Singleton(GetPost, uow)
    list_posts = providers.Singleton(ListPosts, uow, cursors)
    get_feed = providers.Singleton(GetFeed, uow, cursors)
    favorite_post = providers.Singleton(FavoritePost, uow)
    unfavorite_post = providers.Singleton(UnfavoritePost, uow)
    list_tags = providers.Singleton(ListTags, uow)

    add_comment = providers.Singleton(AddComment, uow, clock)
    list_comments = providers.Singleton(ListComments, uow, cursors)
    delete_comment = providers.Singleton(DeleteComment, uow)

    # The Conduit dialect: access tokens alone, longer-lived, and the spec's weaker policy for
    # changing e-mail and password (see CredentialChangePolicy).
    conduit_sessions = providers.Singleton(
        SessionIssuer,
        access_tokens,
        clock,
        ids,
        None,
        providers.Callable(_seconds, settings.provided.conduit_token_ttl_seconds),
    )
    conduit_sign_up = providers.Singleton(SignUp, uow, register_user, conduit_sessions)
    conduit_log_in = providers.Singleton(LogIn, uow, password_hasher, conduit_sessions, clock)
    conduit_update_account = providers.Singleton(
        UpdateOwnAccount, uow, password_hasher, clock, CredentialChangePolicy.TRUST_SESSION
    )
    conduit_change_password = providers.Singleton(
        ChangePassword, uow, password_hasher, clock, CredentialChangePolicy.TRUST_SESSION
    )
