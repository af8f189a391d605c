"""The audit trail's store, on every backend: append, find newest first with filters and
keyset pages, purge by age; records outlive the accounts they name."""

from datetime import timedelta
from uuid import UUID, uuid4

from application.paging import PageQuery, Position
from application.ports.security_events import (
    SecurityEvent,
    SecurityEventFilters,
    SecurityEventKind,
)
from entrypoints.composition.container import Container
from tests.contract.builders import T0

ADA, ROOT = uuid4(), uuid4()


def an_event(
    minutes: int,
    kind: SecurityEventKind = SecurityEventKind.LOGIN_SUCCEEDED,
    *,
    actor_id: UUID | None = ADA,
    target_id: UUID | None = ADA,
) -> SecurityEvent:
    return SecurityEvent(
        id=uuid4(),
        created_at=T0 + timedelta(minutes=minutes),
        kind=kind,
        actor_id=actor_id,
        target_id=target_id,
        address="2001:db8::7",
        user_agent="Firefox on Ubuntu",
        request_id="r-1",
        details={"session_id": str(uuid4())},
    )


async def stored(container: Container, *events: SecurityEvent) -> None:
    async with container.unit_of_work() as uow:
        for event in events:
            await uow.security_events.add(event)
        await uow.commit()


async def test_events_come_back_whole_newest_first(any_backend: Container) -> None:
    first, second = an_event(1), an_event(2, SecurityEventKind.PASSWORD_CHANGED)
    await stored(any_backend, first, second)
    async with any_backend.unit_of_work() as uow:
        found = await uow.security_events.find(SecurityEventFilters(), PageQuery(limit=10))
    assert found.items == [second, first]
    assert found.has_more is False


async def test_filters_by_actor_target_kind_and_time(any_backend: Container) -> None:
    login = an_event(1)
    deactivated = an_event(2, SecurityEventKind.ACCOUNT_DEACTIVATED, actor_id=ROOT)
    unknown = an_event(3, SecurityEventKind.LOGIN_FAILED, actor_id=None, target_id=None)
    await stored(any_backend, login, deactivated, unknown)
    cases = {
        SecurityEventFilters(actor_id=ROOT): [deactivated],
        SecurityEventFilters(target_id=ADA): [deactivated, login],
        SecurityEventFilters(kind=SecurityEventKind.LOGIN_FAILED): [unknown],
        SecurityEventFilters(since=T0 + timedelta(minutes=2)): [unknown, deactivated],
        SecurityEventFilters(until=T0 + timedelta(minutes=2)): [login],
        SecurityEventFilters(actor_id=ADA, kind=SecurityEventKind.ACCOUNT_DEACTIVATED): [],
    }
    async with any_backend.unit_of_work() as uow:
        for filters, expected in cases.items():
            found = await uow.security_events.find(filters, PageQuery(limit=10))
            assert found.items == expected, filters


async def test_keyset_pages_cover_every_event_once(any_backend: Container) -> None:
    events = [an_event(minute) for minute in range(5)] + [an_event(5), an_event(5)]  # a tie
    await stored(any_backend, *events)
    seen: list[SecurityEvent] = []
    after = None
    async with any_backend.unit_of_work() as uow:
        while True:
            page = await uow.security_events.find(
                SecurityEventFilters(), PageQuery(limit=3, after=after)
            )
            seen += page.items
            if not page.has_more:
                break
            last = page.items[-1]
            after = Position(last.created_at, last.id)
    assert sorted(e.id for e in seen) == sorted(e.id for e in events)
    assert [e.created_at for e in seen] == sorted((e.created_at for e in events), reverse=True)


async def test_purging_removes_only_what_is_older(any_backend: Container) -> None:
    old, recent = an_event(1), an_event(60)
    await stored(any_backend, old, recent)
    async with any_backend.unit_of_work() as uow:
        assert await uow.security_events.purge(T0 + timedelta(minutes=30)) == 1
        await uow.commit()
    async with any_backend.unit_of_work() as uow:
        found = await uow.security_events.find(SecurityEventFilters(), PageQuery(limit=10))
    assert found.items == [recent]
