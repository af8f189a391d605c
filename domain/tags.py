"""Tags: trimmed, lower-case, de-duplicated, bounded."""

from collections.abc import Iterable

from domain.errors import InvalidInput
from domain.text import has_control_characters

MAX_TAGS = 10
TAG_MAX = 32


def normalize_tags(raw: Iterable[str]) -> tuple[str, ...]:
    tags: dict[str, None] = {}
    for value in raw:
        tag = value.strip().lower()
        if not tag:
            continue
        if len(tag) > TAG_MAX:
            raise InvalidInput(f"a tag must be at most {TAG_MAX} characters.", field="tags")
        if has_control_characters(tag):
            raise InvalidInput("a tag must not contain control characters.", field="tags")
        tags[tag] = None
    if len(tags) > MAX_TAGS:
        raise InvalidInput(f"a post has at most {MAX_TAGS} tags.", field="tags")
    return tuple(tags)
