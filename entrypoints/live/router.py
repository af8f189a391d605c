"""Live updates as an inbound adapter: the WebSocket route and the protocol's document."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, WebSocket

from application.live.projection import LiveProjection
from application.ports.clock import Clock
from application.use_cases.auth.authenticate import Authenticate
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.live.asyncapi import asyncapi_document
from entrypoints.live.running import LiveUpdates
from entrypoints.live.session import LiveSession

LIVE_PATH = "/api/v1/live"
router = APIRouter()
docs_router = APIRouter()  # served where the OpenAPI document is (not in production by default)


@router.websocket(LIVE_PATH)
async def live(
    websocket: WebSocket,
    authenticate: Annotated[Authenticate, Depends(provided(Container.authenticate))],
    projection: Annotated[LiveProjection, Depends(provided(Container.live_projection))],
    clock: Annotated[Clock, Depends(provided(Container.clock))],
) -> None:
    live: LiveUpdates = websocket.app.state.live
    session = LiveSession(
        websocket,
        hub=live.hub,
        authenticate=authenticate,
        projection=projection,
        clock=clock,
        limits=live.limits,
    )
    await session.run()


@docs_router.get("/api/v1/asyncapi.json", include_in_schema=False)
async def asyncapi() -> dict[str, Any]:
    """The live-updates protocol as an AsyncAPI 3.0 document."""
    return asyncapi_document()
