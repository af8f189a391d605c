"""Two-factor authentication: what a second factor is (a TOTP code, accepted once per time
step, or one of ten recovery codes, each used once), and the short-lived challenge that stands
for a password already checked."""

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from uuid import UUID

from application.ports.clock import Clock
from application.ports.one_time_passwords import OneTimePasswords
from application.ports.qr_codes import QrCodes
from application.ports.secret_box import SecretBox
from application.ports.unit_of_work import UnitOfWork
from application.signed import Signer
from domain.errors import AuthenticationFailed

ISSUER = "Folio"
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: read aloud, typed back
_RECOVERY_LENGTH = 10  # about 50 bits each
CHALLENGE_LIFETIME = timedelta(minutes=5)
_SCOPE = "mfa-challenge"


class SecondFactorKind(StrEnum):
    TOTP = "totp"
    RECOVERY_CODE = "recovery_code"


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, for typing into an app by hand
    uri: str  # otpauth://
    qr_svg: str


def _normalized(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def hash_recovery_code(code: str) -> str:
    # High-entropy, random codes: a plain SHA-256 stands up to guessing (as for tokens).
    return hashlib.sha256(_normalized(code).encode()).hexdigest()


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


class SecondFactor:
    def __init__(
        self, otp: OneTimePasswords, box: SecretBox, qr_codes: QrCodes, clock: Clock
    ) -> None:
        self._otp, self._box, self._qr, self._clock = otp, box, qr_codes, clock

    def new_enrolment(self, account: str) -> tuple[str, Enrolment]:
        """A sealed new secret, and what the account holder is shown of it."""
        secret = self._otp.new_secret()
        uri = self._otp.provisioning_uri(secret, account, ISSUER)
        return self._box.seal(secret), Enrolment(secret, uri, self._qr.svg(uri))

    async def is_on(self, uow: UnitOfWork, user_id: UUID) -> bool:
        record = await uow.two_factor.get(user_id)
        return record is not None and record.confirmed

    async def check(
        self, uow: UnitOfWork, user_id: UUID, code: str, *, pending: bool = False
    ) -> SecondFactorKind | None:
        """The kind of factor `code` is for the account, or None when it is no valid one (or a
        TOTP code of a step already used). `pending`: the enrolment's first code."""
        record = await uow.two_factor.get(user_id)
        if record is None or record.confirmed == pending:
            return None
        now = self._clock.now()
        step = self._otp.matching_step(self._box.open(record.sealed_secret), code.strip(), now)
        if step is not None:
            return SecondFactorKind.TOTP if await uow.two_factor.claim_step(user_id, step) else None
        if not pending and await uow.two_factor.use_recovery_code(
            user_id, hash_recovery_code(code), now
        ):
            return SecondFactorKind.RECOVERY_CODE
        return None


class MfaChallenges:
    """A signed, short-lived statement that an account's password was just given: what a login
    to an account with two-factor answers, to be completed with a code."""

    def __init__(self, key: bytes, clock: Clock) -> None:
        self._signer, self._clock = Signer(key), clock

    def issue(self, user_id: UUID) -> str:
        expires = int((self._clock.now() + CHALLENGE_LIFETIME).timestamp())
        return self._signer.sign(json.dumps([str(user_id), expires]).encode(), _SCOPE)

    def holder(self, challenge: str) -> UUID:
        """Whose password it stands for; AuthenticationFailed when forged or expired."""
        try:
            user_id, expires = json.loads(self._signer.open(challenge, _SCOPE))
            if expires <= self._clock.now().timestamp():
                raise ValueError("expired")
            return UUID(user_id)
        except (ValueError, TypeError) as e:  # Unreadable and Forged are ValueErrors
            raise AuthenticationFailed("The challenge is invalid or expired; log in again.") from e
