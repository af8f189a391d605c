"""The signing secret: from JWT_SECRET, or, for development only, generated once into data/."""

import base64
import hashlib
import hmac
import logging
import os
import secrets

from entrypoints.composition.settings import Settings

log = logging.getLogger("folio.config")
SECRET_FILE = "jwt-secret"  # noqa: S105 - a file name, not a secret


class MissingSecret(RuntimeError):
    pass


def resolve_jwt_secret(settings: Settings) -> str:
    if settings.jwt_secret is not None:
        return settings.jwt_secret.get_secret_value()
    if settings.app_env == "production":
        raise MissingSecret(
            "JWT_SECRET: APP_ENV=production requires one, at least 32 random bytes "
            "(e.g. `openssl rand -base64 48`)."
        )
    path = settings.data_dir / SECRET_FILE
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48))
        log.warning("JWT_SECRET is not set: generated a development secret in %s", path)
    return path.read_text().strip()


def derived_key(secret: str, purpose: str) -> bytes:
    """A key for another purpose (signing cursors), so one secret is never used for two."""
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


def key_encryption_key(settings: Settings, jwt_secret: str) -> bytes:
    """KEY_ENCRYPTION_KEY (32 bytes, base64), or one derived from the signing secret. A key of
    its own keeps sealed secrets sealed when the signing secret is rotated or leaks."""
    if settings.key_encryption_key is None:
        return derived_key(jwt_secret, "key-encryption")
    text = settings.key_encryption_key.get_secret_value()
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        key = b""
    if len(key) != 32:
        raise MissingSecret(
            "KEY_ENCRYPTION_KEY must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`)."
        )
    return key
