from dataclasses import dataclass
from datetime import datetime

from application.ports.clock import Clock
from application.ports.signing_keys import KeyState, SigningKey
from application.ports.unit_of_work import UnitOfWorkFactory
from application.signing_keys import KeyRotationPolicy, signs_no_live_token_after


@dataclass(frozen=True)
class SigningKeyView:
    key: SigningKey
    promotable_at: datetime | None  # a new key, from when it may be promoted
    retirable_at: datetime | None  # a key that no longer signs, from when it may be retired


class ListSigningKeys:
    """The ring, oldest key first, with when each next step is allowed."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, policy: KeyRotationPolicy) -> None:
        self._uow, self._clock, self._policy = uow, clock, policy

    async def __call__(self) -> list[SigningKeyView]:
        async with self._uow() as uow:
            keys = await uow.signing_keys.all()
        return [self._view(k) for k in keys]

    def _view(self, key: SigningKey) -> SigningKeyView:
        promotable = key.state is KeyState.NEXT
        retirable = key.state in (KeyState.NEXT, KeyState.PREVIOUS)
        return SigningKeyView(
            key,
            promotable_at=self._policy.promotable_at(key) if promotable else None,
            retirable_at=signs_no_live_token_after(key, self._policy) if retirable else None,
        )
