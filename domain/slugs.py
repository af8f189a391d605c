"""Slugs: URL-safe names derived from titles."""

import re
import unicodedata

SLUG_BASE_MAX = 80
# Words that name collections rather than posts (`/posts/feed`), never handed out as slugs.
RESERVED_SLUGS = frozenset({"feed"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = _NON_ALNUM.sub("-", ascii_title.lower()).strip("-")
    return slug[:SLUG_BASE_MAX].rstrip("-") or "post"


def with_suffix(slug: str, suffix: str) -> str:
    """Disambiguates a slug already taken by another post."""
    return f"{slug}-{suffix}"
