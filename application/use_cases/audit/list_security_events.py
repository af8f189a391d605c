from application.paging import CursorCodec, Page, PageRequest
from application.ports.security_events import SecurityEvent, SecurityEventFilters
from application.ports.unit_of_work import UnitOfWorkFactory
from domain.errors import InvalidInput
from domain.users import Actor


class ListSecurityEvents:
    """The audit trail, newest first: what concerned your own account, or (for an admin) every
    record, filtered by actor, target, kind and time."""

    def __init__(self, uow: UnitOfWorkFactory, cursors: CursorCodec) -> None:
        self._uow, self._cursors = uow, cursors

    async def own(self, actor: Actor, page: PageRequest) -> Page[SecurityEvent]:
        filters = SecurityEventFilters(target_id=actor.user_id)
        return await self._page(filters, page, f"security-events:{actor.user_id}")

    async def all(
        self, actor: Actor, filters: SecurityEventFilters, page: PageRequest
    ) -> Page[SecurityEvent]:
        actor.ensure_admin()
        if filters.since and filters.until and filters.since >= filters.until:
            raise InvalidInput("since must be before until.", field="since")
        return await self._page(filters, page, f"audit:{filters!r}")

    async def _page(
        self, filters: SecurityEventFilters, page: PageRequest, scope: str
    ) -> Page[SecurityEvent]:
        if page.offset is not None:
            raise InvalidInput("the audit trail pages by cursor only.", field="offset")
        query = self._cursors.query(page, scope)
        async with self._uow() as uow:
            rows = await uow.security_events.find(filters, query)
        return Page(rows.items, self._cursors.next_cursor(rows, scope))
