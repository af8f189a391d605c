"""Which database failures mean "unavailable, retry later" rather than a bug."""

from sqlalchemy import exc as sa_exc

# SQLSTATE classes 08 (connection exception) and 57 (operator intervention: query canceled by
# statement_timeout, admin shutdown, cannot connect now).
_RETRYABLE_SQLSTATE_CLASSES = ("08", "57")
_UNREACHABLE = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.TimeoutError,
    OSError,
    TimeoutError,
)


def is_unavailable(error: BaseException | None) -> bool:
    if isinstance(error, _UNREACHABLE):
        return True
    if isinstance(error, sa_exc.DBAPIError):
        sqlstate = getattr(error.orig, "sqlstate", None) or ""
        return sqlstate.startswith(_RETRYABLE_SQLSTATE_CLASSES)
    return False
