"""Where the request being served comes from, for the audit trail: set by the request-context
middleware for the request's whole life, read by the application through its RequestOrigin
port."""

from contextvars import ContextVar, Token

from starlette.types import Scope

from application.ports.request_origin import Origin, RequestOrigin

_OUTSIDE_A_REQUEST = Origin()
_ORIGIN: ContextVar[Origin | None] = ContextVar("folio_request_origin", default=None)


def enter_origin(scope: Scope, request_id: str) -> Token[Origin | None]:
    client = scope.get("client")
    user_agent = dict(scope["headers"]).get(b"user-agent")
    origin = Origin(
        address=client[0] if client else None,
        user_agent=user_agent.decode("latin-1") if user_agent else None,
        request_id=request_id,
    )
    return _ORIGIN.set(origin)


def leave_origin(token: Token[Origin | None]) -> None:
    _ORIGIN.reset(token)


class ContextRequestOrigin(RequestOrigin):
    def current(self) -> Origin:
        return _ORIGIN.get() or _OUTSIDE_A_REQUEST
