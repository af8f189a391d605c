from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from application.background_watch import BackgroundWatch
from application.ports.storage_health import StorageHealth
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.version import VERSION

router = APIRouter(prefix=f"{API_PREFIX}/health", tags=["health"], route_class=V1Route)


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str = VERSION


@router.get("/live", response_model=Health)
async def live() -> Health:
    """The process serves requests."""
    return Health()


class BackgroundWork(BaseModel):
    status: Literal["ok", "unattended"] = "ok"
    waiting_seconds: int | None = Field(
        default=None, description="How long due work has waited with no worker (unattended)."
    )


class Readiness(Health):
    background_work: BackgroundWork = Field(
        description="Whether a worker does the background work (mail, live updates): "
        "`unattended` once due work has waited a minute with none. Said, not failed: a "
        "server without a worker still serves."
    )


@router.get("/ready", response_model=Readiness, responses=documented(503))
async def ready(
    storage: Annotated[StorageHealth, Depends(provided(Container.storage_health))],
    watch: Annotated[BackgroundWatch, Depends(provided(Container.background_watch))],
) -> Readiness:
    """Storage answers too; 503 when it does not."""
    await storage.ping()
    unattended = watch.unattended
    if unattended is None:
        return Readiness(background_work=BackgroundWork())
    waited = int(unattended.waiting.total_seconds())
    return Readiness(background_work=BackgroundWork(status="unattended", waiting_seconds=waited))
