"""Two-factor (TOTP): turning it on and off, and the second step of a login."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from application.use_cases.two_factor.complete_login import CompleteTwoFactorLogin
from application.use_cases.two_factor.confirm_enrolment import ConfirmTotpEnrolment
from application.use_cases.two_factor.start_enrolment import StartTotpEnrolment
from application.use_cases.two_factor.turn_off import TurnOffTwoFactor
from application.use_cases.two_factor.two_factor_status import ShowTwoFactorStatus
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http.auth import CurrentActor
from entrypoints.http.guarded import NO_STORE, Throttled
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.schemas.auth import (
    MfaLoginIn,
    RecoveryCodesOut,
    TokenOut,
    TotpConfirmIn,
    TotpEnrolmentOut,
    TwoFactorOffIn,
    TwoFactorStatusOut,
)
from entrypoints.web.signing_in import client_of

router = APIRouter(prefix=API_PREFIX, tags=["two-factor"], route_class=V1Route)


@router.post(
    "/auth/mfa",
    response_model=TokenOut,
    responses=documented(401, 403, 422, 429),
    summary="Finish a login with two-factor: the challenge and a code",
    description="A login to an account with two-factor answers 401 "
    "`urn:folio:problem:mfa-required` with a `challenge` (valid 5 minutes). Send it here with "
    "the authenticator's current code (each accepted once) or a recovery code (each works "
    "once). Wrong codes count against the account like wrong current passwords.",
)
async def complete_login(
    body: MfaLoginIn,
    request: Request,
    response: Response,
    complete: Annotated[
        CompleteTwoFactorLogin, Depends(provided(Container.complete_two_factor_login))
    ],
    throttle: Throttled,
) -> TokenOut:
    response.headers.update(NO_STORE)
    account = complete.holder(body.challenge)
    signed_in = await throttle.password_check(
        account, lambda: complete(body.challenge, body.code, client_of(request))
    )
    return TokenOut.of(signed_in.tokens)


@router.get(
    "/users/me/mfa",
    response_model=TwoFactorStatusOut,
    responses=documented(401),
    summary="Whether two-factor is on, and the recovery codes left",
)
async def two_factor_status(
    actor: CurrentActor,
    show: Annotated[ShowTwoFactorStatus, Depends(provided(Container.two_factor_status))],
) -> TwoFactorStatusOut:
    found = await show(actor)
    return TwoFactorStatusOut(on=found.on, recovery_codes_left=found.recovery_codes_left)


@router.post(
    "/users/me/mfa/totp",
    status_code=status.HTTP_201_CREATED,
    response_model=TotpEnrolmentOut,
    responses=documented(401, 409),
    summary="Start turning two-factor on: a new TOTP secret",
    description="Needs a recent authentication (step-up). Two-factor stays off until "
    "`POST /users/me/mfa/totp/confirm` sends a first code; starting again replaces the secret.",
)
async def start_enrolment(
    actor: CurrentActor,
    response: Response,
    start: Annotated[StartTotpEnrolment, Depends(provided(Container.start_totp_enrolment))],
) -> TotpEnrolmentOut:
    response.headers.update(NO_STORE)
    enrolment = await start(actor)
    return TotpEnrolmentOut(
        secret=enrolment.secret, otpauth_uri=enrolment.uri, qr_svg=enrolment.qr_svg
    )


@router.post(
    "/users/me/mfa/totp/confirm",
    response_model=RecoveryCodesOut,
    responses=documented(401, 422),
    summary="Turn two-factor on with a first code; answers the recovery codes, once",
)
async def confirm_enrolment(
    body: TotpConfirmIn,
    actor: CurrentActor,
    response: Response,
    confirm: Annotated[ConfirmTotpEnrolment, Depends(provided(Container.confirm_totp_enrolment))],
) -> RecoveryCodesOut:
    response.headers.update(NO_STORE)
    return RecoveryCodesOut(recovery_codes=await confirm(actor, body.code))


@router.post(
    "/users/me/mfa/totp/off",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=documented(401, 403, 404, 422, 429),
    summary="Turn two-factor off: the password and a code",
)
async def turn_off(
    body: TwoFactorOffIn,
    actor: CurrentActor,
    turn_off: Annotated[TurnOffTwoFactor, Depends(provided(Container.turn_off_two_factor))],
    throttle: Throttled,
) -> None:
    await throttle.password_check(actor.user_id, lambda: turn_off(actor, body.password, body.code))
