"""A login name (e-mail or username) as logs and throttling counters may carry it."""

import hashlib
import hmac


class LoginFingerprints:
    """Keyed, so that a fingerprint in a log cannot be matched against a list of known
    addresses without the key; the same login gives the same fingerprint in every process
    that shares the key, so failures can still be correlated and counted."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, login: str) -> str:
        normalized = login.strip().lower().encode()
        return hmac.new(self._key, normalized, hashlib.sha256).hexdigest()[:16]
