"""Background work counts as unattended once due work has waited a minute with no worker
taking or finishing any."""

from datetime import timedelta

from application.background_watch import BackgroundWatch, Unattended
from application.use_cases.auth.register_user import Registration
from entrypoints.composition.container import Container
from tests.fakes import FakeClock
from tests.support import build_container, settings_for_tests


async def test_work_waiting_a_minute_with_no_worker_is_unattended_until_one_works() -> None:
    container = build_container(settings_for_tests())
    clock = FakeClock()
    container.clock.override(clock)
    watch = BackgroundWatch(container.outbox_queue(), clock)
    assert await watch.look() is None

    await sign_up(container, "ada")
    await sign_up(container, "bob")
    clock.advance(timedelta(seconds=59))
    assert await watch.look() is None
    clock.advance(timedelta(seconds=2))
    assert await watch.look() == Unattended(timedelta(seconds=61))
    assert watch.unattended == Unattended(timedelta(seconds=61))

    queue = container.outbox_queue()
    [claimed, *_] = await queue.claim(limit=1, now=clock.now(), lease=timedelta(seconds=30))
    assert await watch.look() is None  # a worker holds an event
    await queue.complete(claimed, clock.now())
    clock.advance(timedelta(minutes=5))
    assert await watch.look() is None  # it finished one since the rest came due
    assert watch.unattended is None


async def sign_up(container: Container, name: str) -> None:
    registration = Registration(f"{name}@example.com", name, "a long password")
    await container.register_user()(registration)
