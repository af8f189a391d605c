"""The audit trail: your own account's security events, and (admins) all of them."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from application.paging import PageRequest
from application.ports.security_events import SecurityEventFilters, SecurityEventKind
from application.use_cases.audit.list_security_events import ListSecurityEvents
from entrypoints.composition.container import Container
from entrypoints.composition.injection import provided
from entrypoints.http.auth import CurrentActor
from entrypoints.http.prefix import API_PREFIX
from entrypoints.http.problems import documented
from entrypoints.http.query import V1Route
from entrypoints.http.schemas.common import DEFAULT_LIMIT, Cursor, Limit, Page
from entrypoints.http.schemas.security_events import SecurityEventOut

router = APIRouter(prefix=API_PREFIX, tags=["audit"], route_class=V1Route)
Listed = Annotated[ListSecurityEvents, Depends(provided(Container.list_security_events))]


@router.get(
    "/users/me/security-events",
    response_model=Page[SecurityEventOut],
    responses=documented(401, 422),
    summary="Your account's security events, newest first",
    description="Logins (and failed ones), step-ups, password and address changes, sessions "
    "ended, and what admins did to your account; kept AUDIT_RETENTION_DAYS (365).",
)
async def my_security_events(
    actor: CurrentActor,
    list_events: Listed,
    limit: Annotated[Limit, Query()] = DEFAULT_LIMIT,
    cursor: Annotated[Cursor, Query()] = None,
) -> Page[SecurityEventOut]:
    page = await list_events.own(actor, PageRequest(limit=limit, cursor=cursor))
    return Page[SecurityEventOut].of(page.items, page.next_cursor)


@router.get(
    "/admin/audit",
    response_model=Page[SecurityEventOut],
    responses=documented(401, 403, 422),
    summary="The audit trail (admins), newest first",
)
async def audit_trail(
    actor: CurrentActor,
    list_events: Listed,
    actor_id: Annotated[UUID | None, Query(description="Who did it.")] = None,
    target_id: Annotated[UUID | None, Query(description="Whose account it concerns.")] = None,
    kind: Annotated[SecurityEventKind | None, Query()] = None,
    since: Annotated[datetime | None, Query(description="From this time (inclusive).")] = None,
    until: Annotated[datetime | None, Query(description="Before this time.")] = None,
    limit: Annotated[Limit, Query()] = DEFAULT_LIMIT,
    cursor: Annotated[Cursor, Query()] = None,
) -> Page[SecurityEventOut]:
    filters = SecurityEventFilters(actor_id, target_id, kind, since, until)
    page = await list_events.all(actor, filters, PageRequest(limit=limit, cursor=cursor))
    return Page[SecurityEventOut].of(page.items, page.next_cursor)
