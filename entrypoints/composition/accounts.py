"""Accounts, sessions, profiles and administration, with the two APIs' authentication dialects:
v1's (short access tokens and refresh tokens; the current password to change credentials) and
Conduit's (access tokens alone, longer-lived, for Conduit's audience only, and the spec's
weaker policy for changing e-mail and password)."""

from dependency_injector import providers

from application.policies import CredentialChangePolicy
from application.use_cases.admin.administer_account import AdministerAccount
from application.use_cases.admin.create_admin import CreateAdmin
from application.use_cases.admin.delete_user import DeleteUser
from application.use_cases.admin.list_users import ListUsers
from application.use_cases.audit.list_security_events import ListSecurityEvents
from application.use_cases.auth.change_password import ChangePassword
from application.use_cases.auth.log_out import LogOut
from application.use_cases.auth.log_out_everywhere import LogOutEverywhere
from application.use_cases.auth.reauthenticate import Reauthenticate
from application.use_cases.auth.refresh_session import RefreshSession
from application.use_cases.auth.register_user import RegisterUser
from application.use_cases.auth.request_email_verification import RequestEmailVerification
from application.use_cases.auth.request_password_reset import RequestPasswordReset
from application.use_cases.auth.reset_password import ResetPassword
from application.use_cases.auth.verify_email import VerifyEmail
from application.use_cases.profiles.follow_user import FollowUser
from application.use_cases.profiles.unfollow_user import UnfollowUser
from application.use_cases.profiles.view_profile import ViewProfile
from application.use_cases.sessions.end_session import EndSession
from application.use_cases.sessions.list_sessions import ListSessions
from application.use_cases.two_factor.complete_login import CompleteTwoFactorLogin
from application.use_cases.two_factor.confirm_enrolment import ConfirmTotpEnrolment
from application.use_cases.two_factor.start_enrolment import StartTotpEnrolment
from application.use_cases.two_factor.turn_off import TurnOffTwoFactor
from application.use_cases.two_factor.two_factor_status import ShowTwoFactorStatus
from entrypoints.composition.auth_dialect import auth_dialect
from entrypoints.composition.durations import days, seconds
from entrypoints.composition.storage import Storage

setting = Storage.settings.provided
uow, clock, events, hasher = Storage.uow, Storage.clock, Storage.events, Storage.password_hasher
audit = Storage.audit


class Accounts(Storage):
    register_user = providers.Singleton(
        RegisterUser, uow=uow, hasher=hasher, clock=clock, ids=Storage.ids, events=events
    )
    access_tokens, authenticate, sessions, sign_up, log_in, update_own_account = auth_dialect(
        audience=setting.jwt_audience,
        token_seconds=setting.access_token_ttl_seconds,
        refresh_token_lifetime=providers.Callable(days, value=setting.refresh_token_ttl_days),
        policy=CredentialChangePolicy.REQUIRE_CURRENT_PASSWORD,
        register_user=register_user,
    )
    (
        conduit_access_tokens,
        conduit_authenticate,
        conduit_sessions,
        conduit_sign_up,
        conduit_log_in,
        conduit_update_account,
    ) = auth_dialect(
        audience=setting.conduit_jwt_audience,
        token_seconds=setting.conduit_token_ttl_seconds,
        refresh_token_lifetime=None,
        policy=CredentialChangePolicy.TRUST_SESSION,
        register_user=register_user,
    )

    refresh_session = providers.Singleton(
        RefreshSession,
        uow=uow,
        sessions=sessions,
        clock=clock,
        events=events,
        audit=audit,
        reuse_grace=providers.Callable(seconds, value=setting.refresh_reuse_grace_seconds),
    )
    log_out = providers.Singleton(LogOut, uow=uow, clock=clock, events=events, audit=audit)
    step_up = Storage.step_up
    reauthenticate = providers.Singleton(
        Reauthenticate,
        uow=uow,
        hasher=hasher,
        sessions=sessions,
        audit=audit,
        second_factor=Storage.second_factor,
    )
    start_totp_enrolment = providers.Singleton(
        StartTotpEnrolment, uow=uow, second_factor=Storage.second_factor, step_up=step_up
    )
    confirm_totp_enrolment = providers.Singleton(
        ConfirmTotpEnrolment,
        uow=uow,
        second_factor=Storage.second_factor,
        clock=clock,
        events=events,
        audit=audit,
    )
    turn_off_two_factor = providers.Singleton(
        TurnOffTwoFactor, uow=uow, hasher=hasher, second_factor=Storage.second_factor, audit=audit
    )
    two_factor_status = providers.Singleton(ShowTwoFactorStatus, uow=uow)
    complete_two_factor_login = providers.Singleton(
        CompleteTwoFactorLogin,
        uow=uow,
        challenges=Storage.mfa_challenges,
        second_factor=Storage.second_factor,
        sessions=sessions,
        audit=audit,
    )
    log_out_everywhere = providers.Singleton(
        LogOutEverywhere, uow=uow, events=events, step_up=step_up, audit=audit
    )
    change_password = providers.Singleton(
        ChangePassword,
        uow=uow,
        hasher=hasher,
        clock=clock,
        events=events,
        audit=audit,
        second_factor=Storage.second_factor,
        step_up=Storage.step_up,
    )
    request_password_reset = providers.Singleton(RequestPasswordReset, uow=uow, events=events)
    reset_password = providers.Singleton(
        ResetPassword, uow=uow, hasher=hasher, clock=clock, events=events, audit=audit
    )
    verify_email = providers.Singleton(VerifyEmail, uow=uow, clock=clock)
    request_email_verification = providers.Singleton(
        RequestEmailVerification, uow=uow, events=events
    )

    view_profile = providers.Singleton(ViewProfile, uow=uow)
    follow_user = providers.Singleton(FollowUser, uow=uow, events=events)
    unfollow_user = providers.Singleton(UnfollowUser, uow=uow, events=events)

    create_admin = providers.Singleton(
        CreateAdmin, uow=uow, register_user=register_user, clock=clock, audit=audit
    )
    list_users = providers.Singleton(ListUsers, uow=uow, cursors=Storage.cursors)
    administer_account = providers.Singleton(
        AdministerAccount, uow=uow, clock=clock, events=events, step_up=step_up, audit=audit
    )
    delete_user = providers.Singleton(
        DeleteUser, uow=uow, events=events, step_up=step_up, audit=audit
    )
    list_sessions = providers.Singleton(ListSessions, uow=uow, clock=clock)
    list_security_events = providers.Singleton(ListSecurityEvents, uow=uow, cursors=Storage.cursors)
    end_session = providers.Singleton(
        EndSession, uow=uow, events=events, step_up=step_up, audit=audit
    )
