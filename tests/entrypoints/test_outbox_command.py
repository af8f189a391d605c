"""`folio outbox`: what an operator sees of background work, and retrying the dead."""

import re
from datetime import timedelta
from pathlib import Path
from uuid import uuid4

import pytest

from domain.events import UserRegistered
from entrypoints.cli.main import EXIT_OK, EXIT_USAGE, main
from tests.databases import migrated, run_sync
from tests.support import TEST_SECRET, build_container, settings_for_tests


async def one_dead_and_one_pending(url: str) -> None:
    container = build_container(settings_for_tests(url))
    now = container.clock().now()
    dead, pending = (
        UserRegistered(event_id=uuid4(), occurred_at=now - timedelta(minutes=m), user_id=uuid4())
        for m in (10, 5)
    )
    try:
        async with container.unit_of_work() as uow:
            await uow.outbox.add(dead)
            await uow.outbox.add(pending)
            await uow.commit()
        queue = container.outbox_queue()
        [claimed] = await queue.claim(limit=1, now=now, lease=timedelta(seconds=30))
        await queue.bury(claimed, error="send_welcome_mail: SMTPRecipientsRefused")
    finally:
        await container.outbox_engine().dispose()
        await container.engine().dispose()


@pytest.fixture
def sqlite_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path}/folio.db"
    run_sync(migrated(url))
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("JWT_SECRET", TEST_SECRET)
    return url


def test_status_shows_pending_dead_and_the_oldest_age_then_retry_revives(
    sqlite_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run_sync(one_dead_and_one_pending(sqlite_database))
    assert main(["outbox"]) == EXIT_OK
    shown = capsys.readouterr().out
    assert re.search(r"pending: 1 \(oldest 30\d s old\)", shown), shown
    assert "dead: 1" in shown
    assert "UserRegistered" in shown
    assert "attempts=1  send_welcome_mail: SMTPRecipientsRefused" in shown
    assert "folio outbox retry" in shown

    assert main(["outbox", "retry"]) == EXIT_OK
    assert capsys.readouterr().out == "1 dead event is pending again.\n"
    assert main(["outbox"]) == EXIT_OK
    shown = capsys.readouterr().out
    assert "pending: 2" in shown
    assert "dead: 0" in shown


def test_memory_has_no_outbox_to_inspect_from_outside(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "memory://")
    assert main(["outbox"]) == EXIT_USAGE
    assert main(["worker"]) == EXIT_USAGE
    assert "memory://" in capsys.readouterr().err
