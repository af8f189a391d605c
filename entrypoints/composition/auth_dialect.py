"""An API's authentication dialect: its access tokens (audience, lifetime), whether a session
also gets a refresh token, and how much a signed-in session may change without the current
password. The REST API v1 and the Conduit API each build theirs here, from the same parts."""

from datetime import timedelta
from typing import Any, NamedTuple

from dependency_injector import providers

from adapters.security.jwt_access_tokens import JwtAccessTokens
from application.policies import CredentialChangePolicy
from application.sessions import SessionIssuer
from application.use_cases.accounts.update_own_account import UpdateOwnAccount
from application.use_cases.auth.authenticate import Authenticate
from application.use_cases.auth.log_in import LogIn
from application.use_cases.auth.register_user import RegisterUser
from application.use_cases.auth.sign_up import SignUp
from entrypoints.composition.durations import seconds
from entrypoints.composition.storage import Storage


class AuthDialect(NamedTuple):
    access_tokens: providers.Singleton[JwtAccessTokens]
    authenticate: providers.Singleton[Authenticate]
    sessions: providers.Singleton[SessionIssuer]
    sign_up: providers.Singleton[SignUp]
    log_in: providers.Singleton[LogIn]
    update_own_account: providers.Singleton[UpdateOwnAccount]


def auth_dialect(
    *,
    audience: providers.Provider[Any],
    token_seconds: providers.Provider[Any],
    refresh_token_lifetime: providers.Provider[timedelta] | None,
    policy: CredentialChangePolicy,
    register_user: providers.Provider[RegisterUser],
) -> AuthDialect:
    uow, clock = Storage.uow, Storage.clock
    access_tokens = providers.Singleton(
        JwtAccessTokens,
        secret=Storage.jwt_secret,
        issuer=Storage.settings.provided.jwt_issuer,
        audience=audience,
        lifetime=providers.Callable(seconds, value=token_seconds),
        clock=clock,
        keys=Storage.key_ring,
        algorithm=Storage.settings.provided.jwt_algorithm,
    )
    sessions = providers.Singleton(
        SessionIssuer,
        access_tokens=access_tokens,
        clock=clock,
        ids=Storage.ids,
        labels=Storage.device_labels,
        refresh_token_lifetime=refresh_token_lifetime,
    )
    return AuthDialect(
        access_tokens=access_tokens,
        authenticate=providers.Singleton(Authenticate, uow=uow, access_tokens=access_tokens),
        sessions=sessions,
        sign_up=providers.Singleton(
            SignUp, uow=uow, register_user=register_user, sessions=sessions
        ),
        log_in=providers.Singleton(
            LogIn,
            uow=uow,
            hasher=Storage.password_hasher,
            sessions=sessions,
            clock=clock,
            fingerprints=Storage.login_fingerprints,
            audit=Storage.audit,
            second_factor=Storage.second_factor,
            challenges=Storage.mfa_challenges,
        ),
        update_own_account=providers.Singleton(
            UpdateOwnAccount,
            uow=uow,
            hasher=Storage.password_hasher,
            clock=clock,
            events=Storage.events,
            audit=Storage.audit,
            second_factor=Storage.second_factor,
            step_up=Storage.step_up,
            policy=policy,
        ),
    )
