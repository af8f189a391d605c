from datetime import datetime
from typing import Protocol


class OneTimePasswords(Protocol):
    """Time-based one-time passwords (RFC 6238): 30-second steps, 6 digits."""

    def new_secret(self) -> str:
        """A new random secret, in base32 as authenticator apps take it."""
        ...

    def provisioning_uri(self, secret: str, account: str, issuer: str) -> str:
        """The `otpauth://totp/...` URI an authenticator app reads from a QR code."""
        ...

    def matching_step(self, secret: str, code: str, at: datetime) -> int | None:
        """The time step (of the one at `at` and its two neighbours) whose code `code` is; None
        when it is none of theirs."""
        ...
