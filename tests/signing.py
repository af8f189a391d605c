"""Tokens signed as a server signs them, for tests that need one the server would not issue
(older, shorter-lived): by the key ring of an app's container, or of a served process whose
ring is in a file."""

from datetime import timedelta
from pathlib import Path

from adapters.security.jwt_access_tokens import JwtAccessTokens
from adapters.security.key_ring import Ed25519KeyRing
from application.ports.clock import Clock
from entrypoints.composition.lifecycle import close_engines
from tests.support import TEST_SECRET, build_container, settings_for_tests


def v1_tokens(
    keys: Ed25519KeyRing, lifetime: timedelta, clock: Clock, secret: str = TEST_SECRET
) -> JwtAccessTokens:
    return JwtAccessTokens(
        secret=secret,
        issuer="folio",
        audience="folio-api",
        lifetime=lifetime,
        clock=clock,
        keys=keys,
    )


async def stored_ring(
    database_url: str, *, secret: str = TEST_SECRET, key_file: Path | None = None
) -> Ed25519KeyRing:
    """The key ring served processes keep in `database_url` (or in `key_file`), opened with
    the KEY_ENCRYPTION_KEY they derive from their JWT_SECRET, `secret`."""
    settings = settings_for_tests(database_url, jwt_secret=secret, signing_keys_file=key_file)
    container = build_container(settings)
    try:
        await container.reload_key_ring()()
    finally:
        if settings.storage_backend == "sql":
            await close_engines(container)
    return container.key_ring()
