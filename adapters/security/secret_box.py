"""Secrets sealed with AES-256-GCM (cryptography): a random 96-bit nonce per seal, the
purpose bound in as associated data, so a sealed value cannot be moved to another use."""

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from application.ports.secret_box import SecretBox

_NONCE_BYTES = 12
_VERSION = "v1"


class AesGcmSecretBox(SecretBox):
    def __init__(self, key: bytes, purpose: str) -> None:
        if len(key) != 32:
            raise ValueError("the key-encryption key must be 32 bytes.")
        self._aead, self._purpose = AESGCM(key), purpose.encode()

    def seal(self, plain: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, plain.encode(), self._purpose)
        return f"{_VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"

    def open(self, sealed: str) -> str:
        version, _, body = sealed.partition(":")
        if version != _VERSION:
            raise ValueError("not a sealed secret of this version")
        try:
            raw = base64.urlsafe_b64decode(body)
            return self._aead.decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], self._purpose
            ).decode()
        except (InvalidTag, ValueError) as e:
            raise ValueError("the secret was not sealed under this key") from e
