"""Paging: keyset cursors on (created_at, id), or limit/offset with a total."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from application.signed import Forged, Signer, Unreadable
from domain.errors import InvalidInput

T = TypeVar("T")
LIMIT_MAX = 100
LIMIT_DEFAULT = 20
# Offset pages report a total counted up to this many rows: an exact count costs as many rows
# as match (a million posts: a pool-exhausting scan per list request), this one a bounded few.
TOTAL_COUNTED_UP_TO = 10_000


class Keyed(Protocol):
    @property
    def created_at(self) -> datetime: ...

    @property
    def id(self) -> UUID | int: ...


K = TypeVar("K", bound=Keyed)


@dataclass(frozen=True)
class Position:
    """Where a keyset page ends: the last row's sort key."""

    created_at: datetime
    id: UUID | int


@dataclass(frozen=True)
class PageQuery:
    """What a repository is asked for: `limit` rows after `after`, or at `offset`."""

    limit: int
    after: Position | None = None
    offset: int | None = None
    count_up_to: int = TOTAL_COUNTED_UP_TO  # how many rows an offset page's total counts

    @property
    def with_total(self) -> bool:
        return self.offset is not None


def reported_total(counted: int, page: PageQuery, returned: int, has_more: bool) -> int:
    """The total an offset page reports, from a count of at most `page.count_up_to` rows:
    exact below that, and at it "at least that many"; a page deeper than the count reaches
    says how far it reaches (plus one when more follow), so it never contradicts itself."""
    reached = (page.offset or 0) + returned + (1 if has_more else 0) if returned else 0
    return max(min(counted, page.count_up_to), reached)


@dataclass(frozen=True)
class Slice(Generic[T]):
    """What a repository returns: the rows, whether more follow, and the total if asked."""

    items: list[T]
    has_more: bool
    total: int | None = None


@dataclass(frozen=True)
class PageRequest:
    """What a caller asks for: a cursor page (default) or an offset page with a total."""

    limit: int = LIMIT_DEFAULT
    cursor: str | None = None
    offset: int | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None
    total: int | None = None


class CursorCodec:
    """Cursors are opaque to clients and signed together with the list that issued them (its
    `scope`: which list, with which filters, for whom), so a forged or altered cursor, or one
    carried over to another list, is InvalidInput."""

    def __init__(self, key: bytes) -> None:
        self._signer = Signer(key)

    def encode(self, position: Position, scope: str) -> str:
        kind = "i" if isinstance(position.id, int) else "u"
        payload = json.dumps([position.created_at.isoformat(), kind, str(position.id)]).encode()
        return self._signer.sign(payload, scope)

    def decode(self, cursor: str, scope: str) -> Position:
        try:
            payload = self._signer.open(cursor, scope)
        except Unreadable as e:
            raise InvalidInput("cursor is invalid.", field="cursor") from e
        except Forged as e:
            raise InvalidInput(
                "cursor is invalid: use a next_cursor of this same list, with the same filters.",
                field="cursor",
            ) from e
        created_at, kind, key = json.loads(payload)
        return Position(datetime.fromisoformat(created_at), int(key) if kind == "i" else UUID(key))

    def query(self, request: PageRequest, scope: str) -> PageQuery:
        if not 1 <= request.limit <= LIMIT_MAX:
            raise InvalidInput(f"limit must be between 1 and {LIMIT_MAX}.", field="limit")
        if request.offset is not None and request.cursor is not None:
            raise InvalidInput("use either cursor or offset, not both.", field="cursor")
        if request.offset is not None and request.offset < 0:
            raise InvalidInput("offset must not be negative.", field="offset")
        after = self.decode(request.cursor, scope) if request.cursor else None
        return PageQuery(limit=request.limit, after=after, offset=request.offset)

    def next_cursor(self, rows: "Slice[K]", scope: str) -> str | None:
        if not (rows.has_more and rows.items):
            return None
        last = rows.items[-1]
        return self.encode(Position(last.created_at, last.id), scope)
