"""The signing key ring's rules: a key is published before it signs, for at least
`promotion_delay` (verifiers fetch the published set at most that long ago: its cache
lifetime, and every instance's reload interval); a key that stopped signing stays published
until the tokens it signed have expired (`token_lifetime`, the longest an API issues, with
the verifiers' leeway)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from application.ports.clock import Clock
from application.ports.key_pairs import KeyPairs
from application.ports.secret_box import SecretBox
from application.ports.signing_keys import KeyState, SigningKey
from domain.errors import NotFound


@dataclass(frozen=True)
class KeyRotationPolicy:
    promotion_delay: timedelta
    token_lifetime: timedelta

    def promotable_at(self, key: SigningKey) -> datetime:
        """When a new key has been published long enough to sign."""
        return key.created_at + self.promotion_delay


class NewSigningKeys:
    """Makes a key pair and seals its private part, ready to store."""

    def __init__(self, pairs: KeyPairs, box: SecretBox, clock: Clock) -> None:
        self._pairs, self._box, self._clock = pairs, box, clock

    def make(self, state: KeyState) -> SigningKey:
        pair, now = self._pairs.generate(), self._clock.now()
        return SigningKey(
            kid=pair.kid,
            algorithm=pair.algorithm,
            public_key=pair.public_key,
            sealed_private_key=self._box.seal(pair.private_key),
            state=state,
            created_at=now,
            activated_at=now if state is KeyState.ACTIVE else None,
        )


def signs_no_live_token_after(key: SigningKey, policy: KeyRotationPolicy) -> datetime | None:
    """When every token `key` signed has expired; None while it still signs."""
    if key.state is KeyState.ACTIVE:
        return None
    if key.deactivated_at is None:  # never signed
        return key.created_at
    return key.deactivated_at + policy.token_lifetime


def find_key(keys: list[SigningKey], kid: str) -> SigningKey:
    for key in keys:
        if key.kid == kid:
            return key
    raise NotFound(
        f"No signing key has the kid {kid!r}; `folio keys list` shows them.", resource="signing key"
    )


def from_then_on(moment: datetime) -> str:
    """`moment` as a refusal says it, to the second and never early: the first whole second
    at or after it."""
    rounded_up = moment + timedelta(microseconds=-moment.microsecond % 1_000_000)
    return rounded_up.isoformat(timespec="seconds")
