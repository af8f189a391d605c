"""TOTP (RFC 6238) by pyotp: HMAC-SHA1, 30-second steps, one step of drift either way."""

import hmac
from datetime import datetime

import pyotp

from application.ports.one_time_passwords import OneTimePasswords

STEP_SECONDS = 30


class Totp(OneTimePasswords):
    def __init__(self, *, digits: int = 6) -> None:
        self._digits = digits

    def new_secret(self) -> str:
        return pyotp.random_base32()  # 160 bits, as RFC 4226 recommends

    def provisioning_uri(self, secret: str, account: str, issuer: str) -> str:
        return self._totp(secret).provisioning_uri(name=account, issuer_name=issuer)

    def matching_step(self, secret: str, code: str, at: datetime) -> int | None:
        if len(code) != self._digits or not code.isascii() or not code.isdigit():
            return None
        totp = self._totp(secret)
        now = totp.timecode(at)
        for step in (now, now - 1, now + 1):
            expected = totp.generate_otp(step)
            if hmac.compare_digest(expected, code):
                return step
        return None

    def _totp(self, secret: str) -> pyotp.TOTP:
        return pyotp.TOTP(secret, digits=self._digits, interval=STEP_SECONDS)
