"""A login name (e-mail or username) as logs and throttling counters may carry it."""

import hashlib
import hmac

from domain.users import canonical_login


class LoginFingerprints:
    """Keyed, so that a fingerprint in a log cannot be matched against a list of known
    addresses without the key; the same login gives the same fingerprint in every process
    that shares the key, so failures can still be correlated and counted. Every spelling of
    one account's login (see canonical_login) gives one fingerprint."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def __call__(self, login: str) -> str:
        normalized = canonical_login(login).encode()
        return hmac.new(self._key, normalized, hashlib.sha256).hexdigest()[:16]
