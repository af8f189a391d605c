from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from application.use_cases.auth.log_in import Credentials, LogIn
from application.use_cases.auth.log_out import LogOut
from application.use_cases.auth.log_out_everywhere import LogOutEverywhere
from application.use_cases.auth.reauthenticate import Reauthenticate
from application.use_cases.auth.refresh_session import RefreshSession
from application.use_cases.auth.register_user import RegisterUser, Registration
from application.use_cases.auth.request_email_verification import RequestEmailVerification
from application.use_cases.auth.request_password_reset import RequestPasswordReset
from application.use_cases.auth.reset_password import PasswordReset, ResetPassword
from application.use_cases.auth.verify_email import VerifyEmail
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http.auth import CurrentActor
from entrypoints.http.guarded import NO_STORE, Throttled
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.schemas.accounts import AccountOut, RegisterIn
from entrypoints.http.schemas.auth import (
    AccessTokenOut,
    LoginIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    ReauthenticateIn,
    RefreshIn,
    TokenOut,
    VerifyEmailIn,
)
from entrypoints.web.signing_in import client_of
from entrypoints.web.throttling import client_address

router = APIRouter(prefix=f"{API_PREFIX}/auth", tags=["auth"], route_class=V1Route)


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    response_model=AccountOut,
    responses=documented(409, 422, 429),
)
async def register(
    body: RegisterIn,
    register_user: Annotated[RegisterUser, Depends(provided(Container.register_user))],
    throttle: Throttled,
    request: Request,
) -> AccountOut:
    await throttle.registration(client_address(request))
    account = await register_user(Registration(body.email, body.username, body.password))
    return AccountOut.of(account)


@router.post("/login", response_model=TokenOut, responses=documented(401, 403, 422, 429))
async def login(
    body: LoginIn,
    response: Response,
    log_in: Annotated[LogIn, Depends(provided(Container.log_in))],
    throttle: Throttled,
    request: Request,
) -> TokenOut:
    response.headers.update(NO_STORE)
    credentials = Credentials(body.login, body.password)
    signed_in = await throttle.login(
        body.login, client_address(request), lambda: log_in(credentials, client_of(request))
    )
    return TokenOut.of(signed_in.tokens)


@router.post(
    "/token",
    response_model=TokenOut,
    responses=documented(401, 403, 422, 429),
    summary="Log in with an OAuth2 password form (for the docs page's Authorize button)",
)
async def token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
    response: Response,
    log_in: Annotated[LogIn, Depends(provided(Container.log_in))],
    throttle: Throttled,
    request: Request,
) -> TokenOut:
    response.headers.update(NO_STORE)
    credentials = Credentials(form.username, form.password)
    signed_in = await throttle.login(
        form.username, client_address(request), lambda: log_in(credentials, client_of(request))
    )
    return TokenOut.of(signed_in.tokens)


@router.post("/refresh", response_model=TokenOut, responses=documented(401, 422, 429))
async def refresh(
    body: RefreshIn,
    response: Response,
    refresh_session: Annotated[RefreshSession, Depends(provided(Container.refresh_session))],
    throttle: Throttled,
    request: Request,
) -> TokenOut:
    await throttle.refresh(client_address(request))
    response.headers.update(NO_STORE)
    return TokenOut.of(await refresh_session(body.refresh_token, client_of(request)))


@router.post(
    "/reauthenticate",
    response_model=AccessTokenOut,
    responses=documented(401, 403, 422, 429),
    summary="Confirm your password again (step-up) for an access token that says so",
    description="Ending other sessions and administering accounts need an authentication at "
    "most REAUTHENTICATION_MAX_AGE_SECONDS (300) old; older tokens get 401 "
    "`urn:folio:problem:reauthentication-required`. This answers with a new access token of the "
    "same session; the session's later refreshes keep the new authentication time. A wrong "
    "password is 403, counted like any wrong current password.",
)
async def reauthenticate(
    body: ReauthenticateIn,
    response: Response,
    actor: CurrentActor,
    reauthenticate: Annotated[Reauthenticate, Depends(provided(Container.reauthenticate))],
    throttle: Throttled,
) -> AccessTokenOut:
    response.headers.update(NO_STORE)
    tokens = await throttle.password_check(
        actor.user_id, lambda: reauthenticate(actor, body.password, body.code)
    )
    return AccessTokenOut.of(tokens)


@router.post(
    "/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,
    responses=documented(422, 429),
    summary="Mail a password-reset token, if the address has an account",
    description="Answers 202 for every well-formed address, with an account or without. "
    "The mail carries a token that works once, for PASSWORD_RESET_TTL_MINUTES (30); an account "
    "gets at most PASSWORD_RESET_MAILS_PER_HOUR (3) of them an hour.",
)
async def password_reset(
    body: PasswordResetIn,
    request_password_reset: Annotated[
        RequestPasswordReset, Depends(provided(Container.request_password_reset))
    ],
    throttle: Throttled,
    request: Request,
) -> Response:
    await throttle.password_reset(client_address(request))
    await request_password_reset(body.email)
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post(
    "/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=documented(400, 422, 429),
    summary="Set a new password with a mailed token; ends every session",
)
async def password_reset_confirm(
    body: PasswordResetConfirmIn,
    reset_password: Annotated[ResetPassword, Depends(provided(Container.reset_password))],
    throttle: Throttled,
    request: Request,
) -> None:
    await throttle.reset_confirmation(client_address(request))
    await reset_password(PasswordReset(body.token, body.new_password))


@router.post(
    "/verify-email",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=documented(400, 422),
    summary="Confirm the account's e-mail address with a mailed token",
)
async def verify_email(
    body: VerifyEmailIn,
    verify: Annotated[VerifyEmail, Depends(provided(Container.verify_email))],
) -> None:
    await verify(body.token)


@router.post(
    "/verify-email/request",
    status_code=status.HTTP_202_ACCEPTED,
    response_class=Response,
    responses=documented(401, 422, 429),
    summary="Mail another verification token to the signed-in account's address",
    description="Nothing is mailed to a verified address. An account gets at most "
    "VERIFICATION_MAILS_PER_HOUR (5) verification mails an hour, whatever caused them "
    "(sign-up, a new address, this request); further requests are answered 202 and mail nothing.",
)
async def request_verification(
    actor: CurrentActor,
    request_email_verification: Annotated[
        RequestEmailVerification, Depends(provided(Container.request_email_verification))
    ],
    throttle: Throttled,
    request: Request,
) -> Response:
    await throttle.verification_request(client_address(request))
    await request_email_verification(actor)
    return Response(status_code=status.HTTP_202_ACCEPTED)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=documented(422))
async def logout(
    body: RefreshIn, log_out: Annotated[LogOut, Depends(provided(Container.log_out))]
) -> None:
    await log_out(body.refresh_token)


@router.post(
    "/logout-all", status_code=status.HTTP_204_NO_CONTENT, responses=documented(401, 403, 422)
)
async def logout_everywhere(
    actor: CurrentActor,
    log_out_everywhere: Annotated[
        LogOutEverywhere, Depends(provided(Container.log_out_everywhere))
    ],
    keep_current: Annotated[
        bool, Query(description="Keep the session this request is made in signed in.")
    ] = False,
) -> None:
    """Ends every session of your account on every device (or every other one, with
    `keep_current=true`): refresh tokens stop working, access tokens are refused at their next
    use and live connections close."""
    await log_out_everywhere(actor, keep_current=keep_current)
