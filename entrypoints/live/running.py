"""Live updates in a serving process: the hub and a socket's limits, built from the container,
and the hub as a task from start-up to shutdown."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from entrypoints.composition.container import Container
from entrypoints.composition.live_bus import resume_window
from entrypoints.composition.settings import Settings
from entrypoints.live.hub import LiveHub
from entrypoints.live.protocol import MAX_CLIENT_MESSAGE_BYTES, Close
from entrypoints.live.session import LiveLimits

log = logging.getLogger("folio.live")


@dataclass(frozen=True)
class LiveUpdates:
    """What the live route needs of its process (`app.state.live`)."""

    hub: LiveHub
    limits: LiveLimits


def live_updates(container: Container) -> LiveUpdates:
    settings = container.settings()
    hub = LiveHub(
        bus=container.event_bus(),
        projection=container.live_projection(),
        clock=container.clock(),
        resume_events=settings.live_resume_events,
        resume_window=resume_window(settings),
    )
    return LiveUpdates(hub=hub, limits=_limits(settings))


def _limits(settings: Settings) -> LiveLimits:
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


@contextlib.asynccontextmanager
async def running_live_updates(live: LiveUpdates, settings: Settings) -> AsyncIterator[None]:
    if settings.redis_url is None and not settings.runs_embedded_worker:
        log.warning(
            "live_updates_unreachable: the worker runs in another process and REDIS_URL is "
            "not set, so no event reaches this process's live connections; set REDIS_URL "
            "(or WORKER_EMBEDDED=true for a single process)"
        )
    task = asyncio.create_task(live.hub.run(), name="live-hub")
    await asyncio.sleep(0)  # the hub is listening before anything is published
    try:
        yield
    finally:
        live.hub.close_all(Close.GOING_AWAY, "the server is shutting down")
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
