"""The throttle's part of the composition root: its limits from the settings, its counters in
Redis or in process, its refusals and counting place reported as metrics."""

from adapters.redis.attempt_counters import AttemptCounters
from application.login_fingerprints import LoginFingerprints
from entrypoints.composition.settings import Settings
from entrypoints.observability.metrics.throttle import count_refusal, show_where_counted
from entrypoints.web.throttling import Throttle, ThrottleLimits


def throttle_from(settings: Settings, fingerprints: LoginFingerprints) -> Throttle:
    return Throttle(
        ThrottleLimits(
            login_failures_per_account_and_address=(
                settings.throttle_login_failures_per_account_and_address
            ),
            logins_per_address=settings.throttle_logins_per_address,
            registrations_per_address=settings.throttle_registrations_per_address,
            refreshes_per_address=settings.throttle_refreshes_per_address,
            password_resets_per_address=settings.throttle_password_resets_per_address,
            reset_confirmations_per_address=settings.throttle_reset_confirmations_per_address,
            verification_requests_per_address=settings.throttle_verification_requests_per_address,
            password_check_failures_per_account=(
                settings.throttle_password_check_failures_per_account
            ),
        ),
        AttemptCounters(
            settings.redis_url.get_secret_value() if settings.redis_url else None,
            key_prefix=settings.throttle_key_prefix,
            counting_in_redis=show_where_counted,
        ),
        fingerprints=fingerprints,
        refused=count_refusal,
    )
