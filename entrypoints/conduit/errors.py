"""Conduit's error rendering: {"errors": {"<field>": ["<message>"]}}, with the messages the
RealWorld test suite expects. Domain errors map here, for this dialect only."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import Send

from application.error_reports import described
from application.errors import StorageUnavailable
from domain.errors import (
    AccountDisabled,
    AlreadyExists,
    AuthenticationFailed,
    DomainError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    StaleVersion,
)
from entrypoints.web.asgi_problem import send_json
from entrypoints.web.error_bounds import ERRORS_MAX, LOC_PART_MAX
from entrypoints.web.request_actor import acting_user_id
from entrypoints.web.throttling import TooManyAttempts

log = logging.getLogger("folio.conduit")
BLANK = "can't be blank"
# The core's names for things, and Conduit's.
RESOURCE = {"post": "article", "user": "profile", "comment": "comment"}


class ConduitError(Exception):
    """An error already phrased the Conduit way."""

    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message)
        self.status, self.field, self.message = status, field, message


def errors_response(status: int, field: str, *messages: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Token"} if status == 401 else None
    return JSONResponse({"errors": {field: list(messages)}}, status, headers=headers)


async def conduit_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ConduitError)
    return errors_response(exc.status, exc.field, exc.message)


async def domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    if isinstance(exc, NotFound):
        return errors_response(404, RESOURCE.get(exc.resource or "", "resource"), "not found")
    if isinstance(exc, AccountDisabled):
        return errors_response(403, "user", "is deactivated")
    if isinstance(exc, PermissionDenied):
        log.warning(
            "access_denied",
            extra={"path": request.url.path, "user_id": acting_user_id(request)},
        )
        return errors_response(403, RESOURCE.get(exc.resource or "", "request"), "forbidden")
    if isinstance(exc, AlreadyExists):
        return errors_response(409, exc.field or "resource", "has already been taken")
    if isinstance(exc, AuthenticationFailed):
        return errors_response(401, "token", "is invalid")
    if isinstance(exc, StaleVersion):
        return errors_response(409, "article", "was changed meanwhile")
    assert isinstance(exc, InvalidInput)
    return errors_response(422, exc.field or "body", exc.message)


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors: dict[str, list[str]] = {}
    for error in exc.errors()[:ERRORS_MAX]:  # bounded, as v1's problems are
        field = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str)), "body")
        errors.setdefault(field[:LOC_PART_MAX], []).append(_message(error))
    return JSONResponse({"errors": errors}, 422)


def _message(error: dict[str, Any]) -> str:
    blank = error["type"] == "missing" or (
        error["type"] == "string_too_short" and error.get("input") in ("", None)
    )
    return BLANK if blank else str(error["msg"])


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:
        return errors_response(422, "body", "is not valid JSON")
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    response = errors_response(exc.status_code, "request", detail.lower())
    response.headers.update(exc.headers or {})
    return response


async def too_many_attempts(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TooManyAttempts)
    log.warning("throttled", extra={"path": request.url.path})
    response = errors_response(429, "request", "too many attempts; try again later")
    response.headers["Retry-After"] = str(exc.retry_after_seconds)
    return response


async def storage_unavailable(request: Request, exc: Exception) -> JSONResponse:
    log.error("storage_unavailable", extra=described(exc))
    response = errors_response(503, "server", "is temporarily unavailable")
    response.headers["Retry-After"] = "5"
    return response


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """Conduit's shape of a 500. Starlette raises the exception on after this answer; the
    host's LastResortMiddleware logs it once and stops it there."""
    return errors_response(500, "server", "unexpected error")


async def send_error(
    send: Send,
    status: int,
    detail: str,
    *,
    subject: str,
    request_id: str | None,
    headers: tuple[tuple[bytes, bytes], ...],
) -> None:
    """Conduit's shape of an answer the shared middleware writes itself (a deadline, a refused
    Idempotency-Key, an unexpected error): see entrypoints.web.surface_problems."""
    await send_json(send, status, {"errors": {subject: [detail]}}, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ConduitError, conduit_error)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(StorageUnavailable, storage_unavailable)
    app.add_exception_handler(TooManyAttempts, too_many_attempts)
    app.add_exception_handler(Exception, unexpected_error)
