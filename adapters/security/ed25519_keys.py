"""Ed25519 key pairs for signing tokens (JWS `EdDSA`, RFC 8037), named by their RFC 7638
thumbprint: the kid says which key it is, and two keys never share one."""

import base64
import hashlib
import json

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from application.ports.key_pairs import KeyPair, KeyPairs

ALGORITHM = "EdDSA"


class Ed25519KeyPairs(KeyPairs):
    def generate(self) -> KeyPair:
        """A new pair, whose kid does not start with "-" (one in 64 would), so that it can be
        given to `folio keys promote KID` as it is, not taken for an option."""
        while True:
            private = Ed25519PrivateKey.generate()
            public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
            kid = thumbprint(public_jwk(b64url(public)))
            if not kid.startswith("-"):
                break
        secret = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return KeyPair(
            kid=kid, algorithm=ALGORITHM, public_key=b64url(public), private_key=b64url(secret)
        )


def public_jwk(public_key: str) -> dict[str, str]:
    """The key's required members (RFC 8037 2), as its thumbprint is taken over them."""
    return {"crv": "Ed25519", "kty": "OKP", "x": public_key}


def thumbprint(required_members: dict[str, str]) -> str:
    """RFC 7638 3: SHA-256 of the members in lexicographic order, no whitespace."""
    canonical = json.dumps(required_members, sort_keys=True, separators=(",", ":"))
    return b64url(hashlib.sha256(canonical.encode()).digest())


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def from_b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
