"""The TOTP adapter against RFC 6238's Appendix B (HMAC-SHA1, 8 digits), and its window."""

import base64
from datetime import UTC, datetime

import pytest

from adapters.security.totp import Totp

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
APPENDIX_B_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


def at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@pytest.mark.parametrize(("seconds", "code"), APPENDIX_B_SHA1)
def test_rfc6238_appendix_b_vectors(seconds: int, code: str) -> None:
    assert Totp(digits=8).matching_step(RFC_SECRET, code, at(seconds)) == seconds // 30


def test_one_step_of_drift_either_way_and_no_more() -> None:
    totp, code = Totp(digits=8), "07081804"  # step 37037036
    assert totp.matching_step(RFC_SECRET, code, at(1111111109 + 30)) == 37037036
    assert totp.matching_step(RFC_SECRET, code, at(1111111109 - 30)) == 37037036
    assert totp.matching_step(RFC_SECRET, code, at(1111111109 + 60)) is None


@pytest.mark.parametrize("code", ["9428708", "942870820", "9428708a", "٩٤٢٨٧٠٨٢", ""])
def test_malformed_codes_match_nothing(code: str) -> None:
    assert Totp(digits=8).matching_step(RFC_SECRET, code, at(59)) is None


def test_a_new_secret_is_160_bits_of_base32_in_its_uri() -> None:
    totp = Totp()
    secret = totp.new_secret()
    assert len(base64.b32decode(secret)) == 20
    uri = totp.provisioning_uri(secret, "ada@example.com", "Folio")
    assert uri.startswith("otpauth://totp/Folio:ada%40example.com?")
    assert f"secret={secret}" in uri
