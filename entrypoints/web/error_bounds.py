"""How much a validation error answer may say, for every API: a request cannot make the
answer larger than these bounds (IN-12)."""

ERRORS_MAX = 20  # entries listed; the rest are only counted
LOC_DEPTH_MAX = 6  # parts of an error's location
LOC_PART_MAX = 64  # characters of a field name echoed back
MESSAGE_MAX = 200
