from application.paging import CursorCodec, Page, PageRequest
from application.ports.unit_of_work import UnitOfWorkFactory
from application.views import AccountView
from domain.users import Actor


class ListUsers:
    def __init__(self, uow: UnitOfWorkFactory, cursors: CursorCodec) -> None:
        self._uow, self._cursors = uow, cursors

    async def __call__(
        self, actor: Actor, query: str | None = None, page: PageRequest = PageRequest()
    ) -> Page[AccountView]:
        actor.ensure_admin()
        prefix = (query or "").strip().lower() or None
        scope = f"users:{prefix!r}"
        page_query = self._cursors.query(page, scope)
        async with self._uow() as uow:
            rows = await uow.users.search(prefix, page_query)
        return Page(
            [AccountView.of(user) for user in rows.items],
            self._cursors.next_cursor(rows, scope),
            rows.total,
        )
