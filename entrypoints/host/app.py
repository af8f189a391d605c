"""The process host: one ASGI app that carries every inbound surface (the REST API v1, the
Conduit API, live updates) with what they share: the container's lifecycle, the background
worker, the live hub, and the middleware every request passes through. Each surface owns
only its routes, errors and schemas."""

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import RedirectResponse
from starlette.routing import Match, Mount
from starlette.types import Scope

from entrypoints.composition import lifecycle
from entrypoints.composition.container import Container
from entrypoints.conduit import errors as conduit_errors
from entrypoints.conduit.app import create_conduit_app
from entrypoints.host.account_pages import add_account_pages
from entrypoints.host.background_watch import watching
from entrypoints.host.embedded_worker import running_worker
from entrypoints.host.jwks import add_jwks
from entrypoints.host.key_refresh import refreshing
from entrypoints.host.startup import MISSING_ALLOWED_HOSTS
from entrypoints.http.app import API_PREFIX, include_v1
from entrypoints.live import router as live_router
from entrypoints.live.running import live_updates, running_live_updates
from entrypoints.observability.metrics.endpoint import MetricsEndpoint
from entrypoints.observability.metrics.http import observe_request
from entrypoints.observability.tracing.requests import NO_FASTAPI_TELEMETRY, RequestSpans
from entrypoints.version import VERSION
from entrypoints.web.asgi_problem import send_problem
from entrypoints.web.body_limit import BodySizeLimitMiddleware
from entrypoints.web.documented_app import documented_app
from entrypoints.web.idempotency import IdempotencyKeys
from entrypoints.web.last_resort import LastResortMiddleware
from entrypoints.web.logging import configure_logging
from entrypoints.web.request_context import RequestContextMiddleware
from entrypoints.web.request_deadline import RequestDeadlineMiddleware
from entrypoints.web.surface_problems import SurfaceProblems
from entrypoints.web.trailing_slash import IgnoreOneTrailingSlash

CONDUIT_PREFIX = "/api"


def create_app(container: Container | None = None) -> FastAPI:
    container = container or Container()
    settings = container.settings()
    if not settings.trusted_hosts:
        raise MissingAllowedHosts(MISSING_ALLOWED_HOSTS)
    if settings.app_env != "test":
        configure_logging(settings.log_level, settings.effective_log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await lifecycle.start(container, long_running=True)
        try:
            async with contextlib.AsyncExitStack() as stack:
                keys = refreshing(
                    container.reload_key_ring(),
                    every_seconds=settings.signing_keys_refresh_seconds,
                    timeout_seconds=settings.request_timeout_seconds,
                )
                await stack.enter_async_context(keys)
                if settings.live_enabled:
                    await stack.enter_async_context(running_live_updates(app.state.live, settings))
                if settings.runs_embedded_worker:
                    await stack.enter_async_context(running_worker(container.outbox_worker()))
                watch = watching(
                    container.background_watch(), worker_embedded=settings.runs_embedded_worker
                )
                await stack.enter_async_context(watch)
                yield
        finally:
            await lifecycle.stop(container)

    docs = settings.serves_docs
    app = documented_app(
        docs=docs,
        redoc=True,
        # A trailing-slash redirect would build its Location from the request's Host.
        redirect_slashes=False,
        telemetry=NO_FASTAPI_TELEMETRY,
        title="Folio",
        summary="Users, follows, posts, tags, comments and favorites.",
        version=VERSION,
        lifespan=lifespan,
        # The only form is the OAuth2 password form: six short fields, no files.
        form_limits={"max_fields": 8, "max_files": 0, "max_part_size": 4_096},
    )
    app.state.container = container  # where routes find their use cases (injection.py)
    if settings.conduit_enabled:
        # First: it rules out v1's paths by one string comparison, where v1's routes would
        # each be tried for every Conduit request.
        conduit = create_conduit_app(docs=docs)
        conduit.state.container = container
        app.router.routes.append(ConduitMount(CONDUIT_PREFIX, conduit))
    if docs:
        app.add_api_route("/", _to_the_docs, include_in_schema=False)
    add_account_pages(app)
    include_v1(app, development_inbox=settings.development_mail_folder is not None)
    if settings.live_enabled:
        app.state.live = live_updates(container)  # where the live route finds its hub
        app.include_router(live_router.router)
        if docs:
            app.include_router(live_router.docs_router)
    # Last: each request tries the routes in order, and the API's are asked for far more often.
    add_jwks(app, container.key_ring(), settings.jwks_max_age_seconds)
    problems = SurfaceProblems(default=send_problem)
    problems.add(API_PREFIX, send_problem)
    problems.add(CONDUIT_PREFIX, conduit_errors.send_error)
    app.add_middleware(
        IdempotencyKeys,
        requests=container.idempotent_requests,
        token_services=lambda: (container.access_tokens(), container.conduit_access_tokens()),
        problems=problems,
    )
    app.add_middleware(IgnoreOneTrailingSlash)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "If-Match",
                "Idempotency-Key",
                "X-Request-ID",
            ],
            expose_headers=["ETag", "Idempotent-Replayed", "Location", "X-Request-ID"],
        )
    app.add_middleware(BodySizeLimitMiddleware, max_body_bytes=settings.max_request_body_bytes)
    app.add_middleware(LastResortMiddleware, problems=problems)
    # Outermost but for the request id: a forged Host never reaches the app (and never a link
    # it builds); no www redirect, which would build one from the Host.
    app.add_middleware(
        TrustedHostMiddleware, allowed_hosts=settings.trusted_hosts, www_redirect=False
    )
    app.add_middleware(
        RequestDeadlineMiddleware, seconds=settings.request_timeout_seconds, problems=problems
    )
    if settings.metrics_token is not None:
        app.add_middleware(
            MetricsEndpoint,
            token=settings.metrics_token.get_secret_value(),
            outbox=container.outbox_queue,
            clock=container.clock,
            outbox_timeout_seconds=settings.readiness_timeout_seconds,
        )
    app.add_middleware(RequestContextMiddleware, observe=observe_request)
    tracer_provider = container.tracer_provider()
    if tracer_provider is not None:
        # Outermost: the access-log line is written inside the request's span.
        app.add_middleware(RequestSpans, tracer_provider=tracer_provider)
    return app


async def _to_the_docs() -> RedirectResponse:
    return RedirectResponse("/docs")


class MissingAllowedHosts(RuntimeError):
    pass


class ConduitMount(Mount):
    """Mounts the Conduit API under /api, leaving /api/v1 to v1 entirely: a method v1 does not
    allow there is v1's 405, not Conduit's 404."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path = scope.get("path", "")
        if path == API_PREFIX or path.startswith(API_PREFIX + "/"):
            return Match.NONE, {}
        return super().matches(scope)
