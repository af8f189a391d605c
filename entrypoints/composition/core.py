"""What every part of the composition uses: settings, time, identifiers, secrets, passwords."""

from dependency_injector import containers, providers

from adapters.security.argon2_hasher import Argon2PasswordHasher
from adapters.security.device_labels import UserAgentLabels
from adapters.security.key_ring import Ed25519KeyRing
from adapters.security.qr_codes import SvgQrCodes
from adapters.security.secret_box import AesGcmSecretBox
from adapters.security.totp import Totp
from adapters.system import RandomIds, SystemClock
from application.login_fingerprints import LoginFingerprints
from application.paging import CursorCodec
from application.two_factor import MfaChallenges, SecondFactor
from entrypoints.composition.secrets import derived_key, key_encryption_key, resolve_jwt_secret
from entrypoints.composition.settings import Settings
from entrypoints.observability.metrics.hashing import MeteredPasswordHasher
from entrypoints.observability.tracing.provider import tracer_provider


class Core(containers.DeclarativeContainer):
    settings = providers.Singleton(Settings)
    backend = providers.Callable(lambda settings: settings.storage_backend, settings=settings)

    clock = providers.Singleton(SystemClock)
    ids = providers.Singleton(RandomIds)
    tracer_provider = providers.Singleton(tracer_provider)
    jwt_secret = providers.Singleton(resolve_jwt_secret, settings=settings)
    cursors = providers.Singleton(
        CursorCodec, key=providers.Callable(derived_key, secret=jwt_secret, purpose="cursors")
    )
    login_fingerprints = providers.Singleton(
        LoginFingerprints,
        key=providers.Callable(derived_key, secret=jwt_secret, purpose="login-fingerprints"),
    )
    device_labels = providers.Singleton(UserAgentLabels)
    sealing_key = providers.Singleton(key_encryption_key, settings=settings, jwt_secret=jwt_secret)
    signing_key_box = providers.Singleton(AesGcmSecretBox, key=sealing_key, purpose="signing key")
    key_ring = providers.Singleton(Ed25519KeyRing, box=signing_key_box)
    second_factor = providers.Singleton(
        SecondFactor,
        otp=providers.Singleton(Totp),
        box=providers.Singleton(AesGcmSecretBox, key=sealing_key, purpose="two-factor secret"),
        qr_codes=providers.Singleton(SvgQrCodes),
        clock=clock,
    )
    mfa_challenges = providers.Singleton(
        MfaChallenges,
        key=providers.Callable(derived_key, secret=jwt_secret, purpose="mfa-challenges"),
        clock=clock,
    )
    password_hasher = providers.Singleton(
        MeteredPasswordHasher,
        inner=providers.Singleton(
            Argon2PasswordHasher,
            time_cost=settings.provided.argon2_time_cost,
            memory_cost=settings.provided.argon2_memory_cost,
            parallelism=settings.provided.argon2_parallelism,
            concurrency=settings.provided.password_hashing_concurrency,
        ),
    )
