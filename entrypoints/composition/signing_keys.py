"""The signing key ring: its rules from settings, and the use cases that change it."""

from datetime import timedelta

from dependency_injector import providers

from adapters.security.ed25519_keys import Ed25519KeyPairs
from adapters.security.jwt_access_tokens import MAX_LEEWAY
from application.signing_keys import KeyRotationPolicy, NewSigningKeys
from application.use_cases.keys.add_signing_key import AddSigningKey
from application.use_cases.keys.ensure_signing_key import EnsureSigningKey
from application.use_cases.keys.list_signing_keys import ListSigningKeys
from application.use_cases.keys.promote_signing_key import PromoteSigningKey
from application.use_cases.keys.reload_key_ring import ReloadKeyRing
from application.use_cases.keys.retire_signing_key import RetireSigningKey
from entrypoints.composition.settings import Settings
from entrypoints.composition.storage import Storage


def rotation_policy(settings: Settings) -> KeyRotationPolicy:
    longest = max(settings.access_token_ttl_seconds, settings.conduit_token_ttl_seconds)
    return KeyRotationPolicy(
        promotion_delay=timedelta(seconds=settings.signing_key_promotion_delay_seconds),
        # Verifiers accept a token this long past its expiry.
        token_lifetime=timedelta(seconds=longest) + MAX_LEEWAY,
    )


uow, clock, audit = Storage.uow, Storage.clock, Storage.audit


class SigningKeys(Storage):
    key_policy = providers.Singleton(rotation_policy, settings=Storage.settings)
    new_signing_keys = providers.Singleton(
        NewSigningKeys,
        pairs=providers.Singleton(Ed25519KeyPairs),
        box=Storage.signing_key_box,
        clock=clock,
    )
    ensure_signing_key = providers.Singleton(EnsureSigningKey, uow=uow, new_keys=new_signing_keys)
    add_signing_key = providers.Singleton(
        AddSigningKey, uow=uow, new_keys=new_signing_keys, audit=audit
    )
    promote_signing_key = providers.Singleton(
        PromoteSigningKey, uow=uow, clock=clock, policy=key_policy, audit=audit
    )
    retire_signing_key = providers.Singleton(
        RetireSigningKey, uow=uow, clock=clock, policy=key_policy, audit=audit
    )
    list_signing_keys = providers.Singleton(
        ListSigningKeys, uow=uow, clock=clock, policy=key_policy
    )
    reload_key_ring = providers.Singleton(
        ReloadKeyRing,
        uow=uow,
        ring=Storage.key_ring,
        ensure=providers.Callable(
            lambda algorithm, ensure: ensure() if algorithm == "EdDSA" else None,
            algorithm=Storage.settings.provided.jwt_algorithm,
            ensure=ensure_signing_key.provider,
        ),
    )
