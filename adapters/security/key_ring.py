"""The signing keys one process holds: the active key's private part to sign with, every
published key's public part to verify with, and the published set (JWKS, RFC 7517). Loaded
from the key store at start-up and again every few seconds (entrypoints/host/key_refresh.py),
so a key added, promoted or retired on one instance or from the command line reaches every
instance without a restart."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from adapters.security.ed25519_keys import ALGORITHM, from_b64url, public_jwk
from application.errors import StorageUnavailable
from application.ports.key_ring import KeyRing
from application.ports.secret_box import SecretBox
from application.ports.signing_keys import KeyState, SigningKey


class NoSigningKey(StorageUnavailable):
    """The ring has not been loaded with an active key yet (its storage was away at start-up):
    a sign-in is refused as when storage is unavailable, and works once the ring is loaded."""

    def __init__(self) -> None:
        super().__init__("No signing key is loaded yet; try again shortly.")


@dataclass(frozen=True)
class _Signer:
    kid: str
    key: Ed25519PrivateKey


class Ed25519KeyRing(KeyRing):
    def __init__(self, box: SecretBox) -> None:
        self._box = box
        self._signer: _Signer | None = None
        self._verifiers: dict[str, Ed25519PublicKey] = {}
        self._published: dict[str, Any] = {"keys": []}
        self._signing_since: datetime | None = None
        self._version = 0

    def load(self, keys: Sequence[SigningKey]) -> None:
        ours = [k for k in keys if k.algorithm == ALGORITHM]
        active = next((k for k in ours if k.state is KeyState.ACTIVE), None)
        if active is None:
            self._signer = None
        elif self._signer is None or self._signer.kid != active.kid:
            # Opened once per promotion, not at every load.
            try:
                private = from_b64url(self._box.open(active.sealed_private_key))
            except ValueError as e:
                raise ValueError(
                    f"the active signing key {active.kid} does not open under this "
                    "KEY_ENCRYPTION_KEY: every instance needs the one the ring was sealed with."
                ) from e
            self._signer = _Signer(active.kid, Ed25519PrivateKey.from_private_bytes(private))
        published = [k for k in ours if k.state.verifies]
        started = min((k.activated_at for k in ours if k.activated_at is not None), default=None)
        if [k.kid for k in published] == list(self._verifiers) and started == self._signing_since:
            return  # what verifies is as it was
        self._verifiers = {
            k.kid: Ed25519PublicKey.from_public_bytes(from_b64url(k.public_key)) for k in published
        }
        self._published = {"keys": [_jwk(k) for k in published]}
        self._signing_since = started
        self._version += 1

    @property
    def version(self) -> int:
        """Changes whenever what verifies does: a token's check under one version holds for
        as long as the version does."""
        return self._version

    @property
    def signer(self) -> tuple[str, Ed25519PrivateKey]:
        if self._signer is None:
            raise NoSigningKey()
        return self._signer.kid, self._signer.key

    def verifier(self, kid: str) -> Ed25519PublicKey | None:
        return self._verifiers.get(kid)

    @property
    def signing_since(self) -> datetime | None:
        """When a key of the ring first signed: tokens without a kid (HS256, from before
        the ring) issued after then are not ours."""
        return self._signing_since

    @property
    def published(self) -> dict[str, Any]:
        return self._published


def _jwk(key: SigningKey) -> dict[str, str]:
    return {**public_jwk(key.public_key), "kid": key.kid, "alg": ALGORITHM, "use": "sig"}
