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


def bounded(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    if required and not _VISIBLE.search(value):
        raise InvalidInput(f"{field} must not be empty.", field=field)
    if len(value) > max_length:
        raise InvalidInput(f"{field} must be at most {max_length} characters.", field=field)
    return value
