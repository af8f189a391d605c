"""Live updates' part of the composition root: which event bus, and the limits of a socket."""

from datetime import timedelta

from adapters.local_event_bus import LocalEventBus
from adapters.redis.event_bus import RedisEventBus
from application.ports.event_bus import EventBus
from entrypoints.live.protocol import MAX_CLIENT_MESSAGE_BYTES
from entrypoints.live.session import LiveLimits
from entrypoints.settings import Settings


def event_bus(settings: Settings) -> EventBus:
    if settings.redis_url is None:
        return LocalEventBus()
    return RedisEventBus(settings.redis_url.get_secret_value(), settings.live_redis_channel)


def live_limits(settings: Settings) -> LiveLimits:
    return LiveLimits(
        allowed_origins=frozenset(settings.cors_origins),
        auth_timeout_seconds=settings.live_auth_timeout_seconds,
        reauth_grace_seconds=settings.live_reauth_grace_seconds,
        max_connections=settings.live_max_connections,
        max_connections_per_account=settings.live_max_connections_per_account,
        max_subscriptions=settings.live_max_subscriptions,
        send_queue_limit=settings.live_send_queue_limit,
        max_message_bytes=MAX_CLIENT_MESSAGE_BYTES,
        max_client_errors=settings.live_max_client_errors,
    )


def resume_window(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.live_resume_seconds)
