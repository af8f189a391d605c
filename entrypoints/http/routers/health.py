from typing import Annotated, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel

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


@router.get("/ready", response_model=Health, responses=documented(503))
async def ready(
    storage: Annotated[StorageHealth, Depends(provided(Container.storage_health))],
) -> Health:
    """Storage answers too; 503 when it does not."""
    await storage.ping()
    return Health()
