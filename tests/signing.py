"""Tokens signed as a server signs them, for tests that need one the server would not issue
(older, shorter-lived): by the key ring of an app's container, or of a served process whose
ring is in a file."""

from datetime import timedelta
from pathlib import Path

from adapters.security.jwt_access_tokens import JwtAccessTokens
from adapters.security.key_file import FileSigningKeyStore
from adapters.security.key_ring import Ed25519KeyRing
from adapters.security.secret_box import AesGcmSecretBox
from application.ports.clock import Clock
from entrypoints.composition.secrets import derived_key
from tests.support import TEST_SECRET


def v1_tokens(keys: Ed25519KeyRing, lifetime: timedelta, clock: Clock) -> JwtAccessTokens:
    return JwtAccessTokens(
        secret=TEST_SECRET,
        issuer="folio",
        audience="folio-api",
        lifetime=lifetime,
        clock=clock,
        keys=keys,
    )


async def ring_in_file(path: Path) -> Ed25519KeyRing:
    """The ring a served process keeps in `path` (SIGNING_KEYS_FILE), its KEY_ENCRYPTION_KEY
    derived from TEST_SECRET as the process's is."""
    box = AesGcmSecretBox(derived_key(TEST_SECRET, "key-encryption"), "signing key")
    ring = Ed25519KeyRing(box)
    ring.load(await FileSigningKeyStore(path).all())
    return ring
