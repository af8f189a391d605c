from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from domain.errors import AlreadyExists


class KeyState(StrEnum):
    """A signing key's life: published before it signs, published after it stops signing
    until the tokens it signed have expired, then retired."""

    NEXT = "next"  # published (JWKS), verifies, signs nothing yet
    ACTIVE = "active"  # signs every new token; one key at a time
    PREVIOUS = "previous"  # published, verifies the tokens it signed, signs no more
    RETIRED = "retired"  # unpublished; tokens it signed are refused

    @property
    def verifies(self) -> bool:
        return self is not KeyState.RETIRED


@dataclass(frozen=True)
class SigningKey:
    kid: str
    algorithm: str  # the JWS `alg` it signs with, e.g. "EdDSA"
    public_key: str  # the public part, base64url (an Ed25519 key's 32 raw bytes)
    sealed_private_key: str  # the private part, sealed by a SecretBox
    state: KeyState
    created_at: datetime  # published from then on
    activated_at: datetime | None = None
    deactivated_at: datetime | None = None  # when another key took over signing
    retired_at: datetime | None = None

    def in_state_of(self, changed: "SigningKey") -> "SigningKey":
        """This key in `changed`'s state and times: stores never rewrite key material."""
        return replace(
            self,
            state=changed.state,
            activated_at=changed.activated_at,
            deactivated_at=changed.deactivated_at,
            retired_at=changed.retired_at,
        )

    @property
    def age_order(self) -> tuple[datetime, str]:
        """How stores order keys: oldest first."""
        return self.created_at, self.kid


def refuse_a_second_active(key: SigningKey, others: Iterable[SigningKey]) -> None:
    """What a store without a unique index of its own checks before it stores `key`."""
    if key.state is KeyState.ACTIVE and any(k.state is KeyState.ACTIVE for k in others):
        raise AlreadyExists("Another signing key is active.", field="state")


class SigningKeyStore(Protocol):
    """The key ring: in the database beside everything else, or in a file (SIGNING_KEYS_FILE);
    in a file, each change is written when made, not at the unit of work's commit."""

    async def all(self) -> list[SigningKey]:
        """Every key, retired ones included, oldest first."""
        ...

    async def add(self, key: SigningKey) -> None:
        """Raises AlreadyExists when `key` is active while another active key is stored (two
        processes starting together each made one) or its kid is taken."""
        ...

    async def update(self, key: SigningKey) -> None:
        """Stores the key's new state and times (kid, algorithm and key material never change)."""
        ...
