"""Sealed secrets: AES-256-GCM, bound to their purpose and key."""

import os

import pytest

from adapters.security.secret_box import AesGcmSecretBox

KEY = os.urandom(32)


def test_a_sealed_secret_opens_under_its_key_and_purpose_only() -> None:
    box = AesGcmSecretBox(KEY, "two-factor secret")
    sealed = box.seal("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed
    assert box.open(sealed) == "JBSWY3DPEHPK3PXP"
    assert box.seal("JBSWY3DPEHPK3PXP") != sealed  # a nonce of its own each time
    with pytest.raises(ValueError, match="not sealed under this key"):
        AesGcmSecretBox(os.urandom(32), "two-factor secret").open(sealed)
    with pytest.raises(ValueError, match="not sealed under this key"):
        AesGcmSecretBox(KEY, "another purpose").open(sealed)
    tampered = sealed[:-2] + ("A" if sealed[-2] != "A" else "B") + sealed[-1]
    with pytest.raises(ValueError, match="not sealed"):
        box.open(tampered)


def test_only_a_32_byte_key_is_taken() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        AesGcmSecretBox(b"short", "two-factor secret")
