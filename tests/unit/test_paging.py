from datetime import UTC, datetime
from uuid import uuid4

import pytest

from application.paging import CursorCodec, PageQuery, PageRequest, Position, reported_total
from domain.errors import InvalidInput

codec = CursorCodec(b"k" * 32)
SCOPE = "posts:all"


def test_in02_a_cursor_round_trips() -> None:
    for key in (uuid4(), 42):
        position = Position(datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC), key)
        assert codec.decode(codec.encode(position, SCOPE), SCOPE) == position


@pytest.mark.parametrize("cursor", ["garbage", "", "!!!", "a" * 500, "eyJhbGciOiJub25lIn0"])
def test_in02_malformed_cursors_are_invalid_input(cursor: str) -> None:
    with pytest.raises(InvalidInput):
        codec.decode(cursor, SCOPE)


def test_in02_a_tampered_cursor_is_invalid_input() -> None:
    cursor = codec.encode(Position(datetime(2026, 1, 1, tzinfo=UTC), uuid4()), SCOPE)
    tampered = cursor[:-2] + ("A" if cursor[-2] != "A" else "B") + cursor[-1]
    with pytest.raises(InvalidInput):
        codec.decode(tampered, SCOPE)


def test_in02_a_cursor_signed_with_another_key_is_invalid_input() -> None:
    cursor = CursorCodec(b"o" * 32).encode(Position(datetime(2026, 1, 1, tzinfo=UTC), 1), SCOPE)
    with pytest.raises(InvalidInput):
        codec.decode(cursor, SCOPE)


@pytest.mark.parametrize(
    "request_",
    [
        PageRequest(limit=0),
        PageRequest(limit=101),
        PageRequest(offset=-1),
        PageRequest(offset=0, cursor="x"),
    ],
)
def test_in02_page_requests_are_bounded(request_: PageRequest) -> None:
    with pytest.raises(InvalidInput):
        codec.query(request_, SCOPE)


def test_in11_a_cursor_opens_only_the_list_and_filters_that_issued_it() -> None:
    cursor = codec.encode(Position(datetime(2026, 1, 1, tzinfo=UTC), 7), "comments:hello")
    assert codec.decode(cursor, "comments:hello").id == 7
    for other in ("comments:other", "posts:all", "feed:x", "users:None", ""):
        with pytest.raises(InvalidInput, match="same list"):
            codec.decode(cursor, other)


@pytest.mark.parametrize(
    ("counted", "offset", "returned", "has_more", "total"),
    [
        (7, 0, 2, True, 7),  # under the bound: exact
        (10, 0, 2, True, 10),  # at the bound: at least that many
        (10, 20, 2, True, 23),  # deeper than the count: as far as this page reaches, plus one
        (10, 20, 2, False, 22),
        (10, 50, 0, False, 10),  # past the end: the count
    ],
)
def test_an_offset_total_is_counted_up_to_a_bound(
    counted: int, offset: int, returned: int, has_more: bool, total: int
) -> None:
    page = PageQuery(limit=2, offset=offset, count_up_to=10)
    assert reported_total(counted, page, returned, has_more) == total
