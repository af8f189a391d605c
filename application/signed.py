"""Short signed values handed to clients (list cursors, login challenges): a payload and the
first 16 bytes of its HMAC-SHA-256 under a key, bound to a scope, as unpadded URL-safe
base64. A value signed for one scope does not open in another."""

import base64
import binascii
import hashlib
import hmac
import json

_SIGNATURE_BYTES = 16


class Unreadable(ValueError):
    """Not a signed value at all (not base64)."""


class Forged(ValueError):
    """Altered, signed under another key, or for another scope."""


class Signer:
    def __init__(self, key: bytes) -> None:
        self._key = key

    def sign(self, payload: bytes, scope: str) -> str:
        return _b64(self._signature(payload, scope) + payload)

    def open(self, value: str, scope: str) -> bytes:
        """The payload; Unreadable or Forged when it is not one this signer signed for `scope`."""
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        except (binascii.Error, ValueError) as e:
            raise Unreadable() from e
        signature, payload = raw[:_SIGNATURE_BYTES], raw[_SIGNATURE_BYTES:]
        if not hmac.compare_digest(signature, self._signature(payload, scope)):
            raise Forged()
        return payload

    def _signature(self, payload: bytes, scope: str) -> bytes:
        signed = json.dumps(scope).encode() + payload  # JSON-quoted: no scope runs into payload
        return hmac.new(self._key, signed, hashlib.sha256).digest()[:_SIGNATURE_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
