import re

import pytest

from domain.errors import InvalidInput
from domain.text import (
    MULTILINE_PATTERN,
    SINGLE_LINE_PATTERN,
    SINGLE_LINE_VISIBLE_PATTERN,
    bounded,
    has_control_characters,
)

CONTROL = ["\x00", "\x07", "\x1b", "\x7f", "\x80", "\x85", "\x9f"]


@pytest.mark.parametrize("char", [*CONTROL, "\t", "\n", "\r"])
def test_in10_single_line_text_refuses_every_control_character(char: str) -> None:
    assert has_control_characters(f"a{char}b")
    assert not re.search(SINGLE_LINE_PATTERN, f"a{char}b")
    with pytest.raises(InvalidInput, match="control characters"):
        bounded(f"a{char}b", field="title", max_length=10)


@pytest.mark.parametrize("char", CONTROL)
def test_in10_multi_line_text_refuses_them_but_keeps_tab_and_line_breaks(char: str) -> None:
    assert has_control_characters(f"a{char}b", multiline=True)
    assert not re.search(MULTILINE_PATTERN, f"a{char}b")
    assert bounded("a\tb\r\nc", field="body", max_length=10, multiline=True) == "a\tb\r\nc"
    assert re.search(MULTILINE_PATTERN, "a\tb\r\nc")


@pytest.mark.parametrize("text", ["é ü ß", "日本語", "emoji 🎉", "\u00a0nbsp", "a\u2028b"])
def test_in10_other_characters_are_text_like_any_other(text: str) -> None:
    assert not has_control_characters(text)
    assert re.search(SINGLE_LINE_VISIBLE_PATTERN, text)


def test_the_visible_pattern_still_refuses_blank_text() -> None:
    assert not re.search(SINGLE_LINE_VISIBLE_PATTERN, "   ")
    assert not re.search(SINGLE_LINE_VISIBLE_PATTERN, "")
