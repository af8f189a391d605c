"""Field limits shared by the entities, and the checks that enforce them."""

import re

from domain.errors import InvalidInput

TITLE_MAX = 200
DESCRIPTION_MAX = 500
BODY_MAX = 50_000
BIO_MAX = 1_000
COMMENT_MAX = 5_000
IMAGE_URL_MAX = 2_048


# "Not blank" means holding something beyond ASCII spaces and control characters; the API
# schema states the same pattern, so both agree on every string.
VISIBLE_PATTERN = r"[^\x00-\x20\x7f]"
_VISIBLE = re.compile(VISIBLE_PATTERN)


# C0 and C1 control characters and DEL. PostgreSQL text cannot hold NUL at all, and none of
# them belongs in a name, a title or a filter; multi-line text keeps tab, LF and CR.
CONTROL_PATTERN = r"[\x00-\x1f\x7f-\x9f]"
_CONTROL = re.compile(CONTROL_PATTERN)
_CONTROL_IN_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# The same rules as patterns, for API schemas: the schema and the domain refuse alike.
_NOT_CONTROL = r"[^\x00-\x1f\x7f-\x9f]"
_NOT_CONTROL_IN_MULTILINE = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_VISIBLE_ONE = r"[^\x00-\x20\x7f-\x9f]"
SINGLE_LINE_PATTERN = rf"^{_NOT_CONTROL}*$"
MULTILINE_PATTERN = rf"^{_NOT_CONTROL_IN_MULTILINE}*$"
SINGLE_LINE_VISIBLE_PATTERN = rf"^{_NOT_CONTROL}*{_VISIBLE_ONE}{_NOT_CONTROL}*$"
MULTILINE_VISIBLE_PATTERN = (
    rf"^{_NOT_CONTROL_IN_MULTILINE}*{_VISIBLE_ONE}{_NOT_CONTROL_IN_MULTILINE}*$"
)


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    return bool((_CONTROL_IN_MULTILINE if multiline else _CONTROL).search(value))


def bounded(
    value: str, *, field: str, max_length: int, required: bool = False, multiline: bool = False
) -> str:
    if has_control_characters(value, multiline=multiline):
        allowed = " other than tab and line breaks" if multiline else ""
        raise InvalidInput(f"{field} must not contain control characters{allowed}.", field=field)
    if required and not _VISIBLE.search(value):
        raise InvalidInput(f"{field} must not be empty.", field=field)
    if len(value) > max_length:
        raise InvalidInput(f"{field} must be at most {max_length} characters.", field=field)
    return value
