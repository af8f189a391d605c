"""The Conduit API as its own FastAPI application, mounted under /api by the main app."""

from fastapi import FastAPI

from entrypoints.conduit import errors
from entrypoints.conduit.routers import articles, comments, profiles, tags, users
from entrypoints.observability.tracing.requests import NO_FASTAPI_TELEMETRY
from entrypoints.web.documented_app import documented_app
from entrypoints.web.flat_routes import include_flat

ROUTERS = (users, profiles, articles, comments, tags)


def create_conduit_app(*, docs: bool) -> FastAPI:
    app = documented_app(
        docs=docs,
        redoc=False,
        title="Folio: RealWorld (Conduit) API",
        summary="The RealWorld specification, served by Folio's use cases.",
        version="2.0.0",
        redirect_slashes=False,
        telemetry=NO_FASTAPI_TELEMETRY,
    )
    errors.install(app)
    for module in ROUTERS:
        include_flat(app, module.router)
    return app
