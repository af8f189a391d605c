"""Two real `folio worker` processes share one PostgreSQL outbox. One is killed with SIGKILL
halfway: its leases run out, the other takes the rest, and every event is handled; only an
event in the killed worker's hands can be handled twice. Each registration is two mails
(welcome, verification), each with a Message-ID of its own."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from uuid import uuid4

import pytest

from domain.events import UserRegistered
from entrypoints.composition.container import Container
from tests.conftest import container_on
from tests.contract.builders import a_user
from tests.mail_server import Inbox, smtp_server
from tests.support import TEST_SECRET

EVENTS = 2_000
MAILS = 2 * EVENTS
LEASE_SECONDS = 3
pytestmark = pytest.mark.postgres


@pytest.fixture
async def container(postgres_url: str) -> AsyncIterator[Container]:
    async with container_on(postgres_url) as container:
        yield container


def start_worker(database_url: str, inbox: Inbox, tmp_path: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(tmp_path),
        "JWT_SECRET": TEST_SECRET,
        "SMTP_URL": f"smtp://127.0.0.1:{inbox.port}",
        "WORKER_LEASE_SECONDS": str(LEASE_SECONDS),
        "LOG_LEVEL": "WARNING",
    }
    folio = Path(sys.executable).parent / "folio"
    return subprocess.Popen(  # noqa: S603 - our own console script
        [str(folio), "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


async def test_two_workers_lose_nothing_when_one_is_killed(
    container: Container, postgres_url: str, tmp_path: Path
) -> None:
    async with container.unit_of_work() as uow:
        for n in range(EVENTS):
            user = a_user(f"user{n}")
            await uow.users.add(user)
            await uow.outbox.add(
                UserRegistered(
                    event_id=uuid4(), occurred_at=container.clock().now(), user_id=user.id
                )
            )
        await uow.commit()

    with smtp_server() as inbox:
        first = start_worker(postgres_url, inbox, tmp_path)
        second = start_worker(postgres_url, inbox, tmp_path)
        try:
            # Deadlines, not speeds: a machine busy with other work mails more slowly.
            await inbox.wait_for(MAILS // 2, seconds=240)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
            keys = await _until_every_event_is_mailed(inbox, seconds=240)
            second.send_signal(signal.SIGTERM)
            assert second.wait(timeout=10) == 0, second.stdout.read() if second.stdout else ""
        finally:
            for process in (first, second):
                if process.poll() is None:
                    process.kill()

    repeats = {key: n for key, n in keys.items() if n > 1}
    assert len(keys) == MAILS
    assert len(repeats) <= 1, repeats  # at most the mail in the killed worker's hands
    stats = await container.outbox_queue().stats()
    assert (stats.pending, stats.dead) == (0, 0)


async def _until_every_event_is_mailed(inbox: Inbox, seconds: float) -> Counter[str]:
    deadline = time.monotonic() + seconds
    while True:
        keys = Counter(str(message["Message-ID"]) for message in list(inbox.messages))
        if len(keys) >= MAILS or time.monotonic() > deadline:
            return keys
        await asyncio.sleep(0.1)
