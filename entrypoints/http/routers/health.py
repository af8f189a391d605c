import logging
from typing import Annotated, Literal

from dependency_injector.wiring import Provide, inject
from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from application.ports.storage_health import StorageHealth
from entrypoints.container import Container
from entrypoints.http.problems import documented, problem_response

router = APIRouter(prefix="/health", tags=["health"])
log = logging.getLogger("folio.health")


class Health(BaseModel):
    status: Literal["ok"] = "ok"


@router.get("/live", response_model=Health)
async def live() -> Health:
    """The process serves requests."""
    return Health()


@router.get("/ready", response_model=Health, responses=documented(503))
@inject
async def ready(
    request: Request,
    storage: Annotated[StorageHealth, Depends(Provide[Container.storage_health])],
) -> Health | JSONResponse:
    """Storage answers too."""
    try:
        await storage.ping()
    except Exception:
        log.exception("storage_unavailable")
        return problem_response(request, 503, "Storage is not available.")
    return Health()
