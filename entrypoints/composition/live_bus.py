"""Live updates' part of the composition root: which event bus carries them between processes,
and how long a delivery may be resumed."""

from datetime import timedelta

from adapters.local_event_bus import LocalEventBus
from adapters.redis.event_bus import RedisEventBus
from application.ports.event_bus import EventBus
from entrypoints.composition.settings import Settings


def event_bus(settings: Settings) -> EventBus:
    if settings.redis_url is None:
        return LocalEventBus()
    return RedisEventBus(settings.redis_url.get_secret_value(), settings.live_redis_channel)


def resume_window(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.live_resume_seconds)
