"""Errors as RFC 9457 problem documents. Domain errors map to HTTP statuses here, and only here."""

import logging
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from application.error_reports import described
from application.errors import StorageUnavailable
from domain.errors import (
    AlreadyExists,
    AuthenticationFailed,
    DomainError,
    EmailNotVerified,
    InvalidInput,
    InvalidToken,
    NotFound,
    PermissionDenied,
    ReauthenticationRequired,
    StaleVersion,
    TwoFactorRequired,
)
from entrypoints.http.allowed_methods import allowed_methods
from entrypoints.http.schemas.problems import FieldError, Problem
from entrypoints.web.error_bounds import ERRORS_MAX, LOC_DEPTH_MAX, LOC_PART_MAX, MESSAGE_MAX
from entrypoints.web.request_actor import acting_user_id
from entrypoints.web.request_context import HEADER as REQUEST_ID_HEADER
from entrypoints.web.throttling import TooManyAttempts

log = logging.getLogger("folio.http")
MEDIA_TYPE = "application/problem+json"

STATUS_OF: dict[type[DomainError], int] = {
    AuthenticationFailed: 401,
    PermissionDenied: 403,
    NotFound: 404,
    AlreadyExists: 409,
    StaleVersion: 412,
    InvalidInput: 422,
    InvalidToken: 400,
}


def problem_type(error: DomainError) -> str:
    """A URI naming the problem where clients need to tell it from others of its status."""
    if isinstance(error, InvalidToken):
        return f"urn:folio:problem:invalid-token:{error.purpose}"
    if isinstance(error, EmailNotVerified):
        return "urn:folio:problem:email-not-verified"
    if isinstance(error, ReauthenticationRequired):
        return "urn:folio:problem:reauthentication-required"
    if isinstance(error, TwoFactorRequired):
        return "urn:folio:problem:mfa-required"
    return "about:blank"


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    errors: list[FieldError] | None = None,
    headers: Mapping[str, str] | None = None,
    type: str = "about:blank",
    more_errors: int | None = None,
    challenge: str | None = None,
) -> JSONResponse:
    rid = getattr(request.state, "request_id", None)
    body = Problem(
        type=type,
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        request_id=rid,
        errors=errors,
        more_errors=more_errors,
        challenge=challenge,
    )
    headers = dict(headers or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    if rid:
        headers[REQUEST_ID_HEADER] = rid
    return JSONResponse(
        body.model_dump(exclude_none=True), status, headers=headers, media_type=MEDIA_TYPE
    )


def status_of(error: DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in STATUS_OF:
            return STATUS_OF[kind]
    return 400


async def domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status = status_of(exc)
    if status == 403:
        log.warning(
            "access_denied",
            extra={
                "path": request.url.path,
                "method": request.method,
                "user_id": acting_user_id(request),
                "reason": exc.message,
            },
        )
    errors = None
    if isinstance(exc, InvalidInput) and exc.field:
        errors = [FieldError(loc=[exc.field], msg=exc.message)]
    headers = None
    if isinstance(exc, ReauthenticationRequired):  # the step-up challenge of RFC 9470
        step_up = f'Bearer error="insufficient_user_authentication", max_age={exc.max_age_seconds}'
        headers = {"WWW-Authenticate": step_up}
    mfa_challenge = exc.challenge if isinstance(exc, TwoFactorRequired) else None
    return problem_response(
        request,
        status,
        exc.message,
        errors=errors,
        headers=headers,
        type=problem_type(exc),
        challenge=mfa_challenge,
    )


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    # Only where and what: pydantic's error also carries the input, which may be a password.
    # Bounded: a body of 65 536 unknown fields would otherwise answer with 4 MiB of errors.
    found = exc.errors()
    errors = [
        FieldError(
            loc=[bounded_loc(part) for part in e["loc"][:LOC_DEPTH_MAX]], msg=e["msg"][:MESSAGE_MAX]
        )
        for e in found[:ERRORS_MAX]
    ]
    more = len(found) - len(errors)
    return problem_response(
        request, 422, "The request is not valid.", errors=errors, more_errors=more or None
    )


def bounded_loc(part: str | int) -> str | int:
    return part if isinstance(part, int) else part[:LOC_PART_MAX]


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    headers = dict(exc.headers or {})
    if exc.status_code == 400:
        # A body that is not JSON at all is invalid input like any other: 422 throughout.
        return problem_response(request, 422, "The request body is not valid JSON.")
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request.app, request.url.path))
    return problem_response(request, exc.status_code, detail, headers=headers)


async def too_many_attempts(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TooManyAttempts)
    log.warning("throttled", extra={"path": request.url.path})
    return problem_response(
        request,
        429,
        "Too many attempts; try again later.",
        headers={"Retry-After": str(exc.retry_after_seconds)},
    )


async def storage_unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.error("storage_unavailable", extra=described(exc))
    return problem_response(
        request, 503, "The service is temporarily unavailable.", headers={"Retry-After": "5"}
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(StorageUnavailable, storage_unavailable)
    app.add_exception_handler(TooManyAttempts, too_many_attempts)
    # Any other exception: LastResortMiddleware answers and logs it.


def documented(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses a route declares in OpenAPI."""
    return {
        status: {
            "model": Problem,
            "content": {MEDIA_TYPE: {}},
            "description": HTTPStatus(status).phrase,
        }
        for status in statuses
    }
