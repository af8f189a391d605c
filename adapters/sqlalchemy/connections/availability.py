"""Which database failures mean "unavailable, retry later" rather than a bug."""

from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_dbapi

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


# asyncpg's report of a query sent on a connection the server has just ended (a restart, a
# failover) when the server's goodbye arrived before the socket closed: "cannot switch to
# state ...; another operation (2) is in progress". Seen in tests/contract/
# test_connection_pool.py as often as one run in three; the connection is gone all the same.
_DRIVER_STATE_LOST = AsyncAdapt_asyncpg_dbapi.InternalClientError


def is_unavailable(error: BaseException | None) -> bool:
    if isinstance(error, _UNREACHABLE):
        return True
    if isinstance(error, sa_exc.DBAPIError) and isinstance(error.orig, _DRIVER_STATE_LOST):
        return True
    if isinstance(error, sa_exc.DBAPIError):
        sqlstate = getattr(error.orig, "sqlstate", None) or ""
        return sqlstate.startswith(_RETRYABLE_SQLSTATE_CLASSES)
    return False
