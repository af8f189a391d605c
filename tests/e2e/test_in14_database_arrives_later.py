"""IN-14: `folio serve` started before its database is up (or migrated) starts anyway, answers
`/health/ready` with 503 and requests with 503, and serves once the database answers with a
current schema: a real process, a database port that at first refuses connections."""

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.databases import (
    create_postgres_database,
    drop_postgres_database,
    migrated,
    postgres_admin_url,
)
from tests.served import STARTUP_SECONDS, server_environment
from tests.support import free_port

pytestmark = pytest.mark.usefixtures("postgres_url")  # skips or fails, as the suite does


@contextlib.asynccontextmanager
async def forwarding(port: int, to_host: str, to_port: int) -> AsyncIterator[None]:
    """The database "arrives": connections to `port` now reach the real server."""

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.close()

    async def forward(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        server_r, server_w = await asyncio.open_connection(to_host, to_port)
        await asyncio.gather(pipe(client_r, server_w), pipe(server_r, client_w))

    server = await asyncio.start_server(forward, "127.0.0.1", port)
    try:
        yield
    finally:
        server.close()


async def status_within(http: httpx.AsyncClient, path: str, wanted: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while True:
        try:
            status = (await http.get(path)).status_code
        except httpx.TransportError:
            status = 0
        if status == wanted or time.monotonic() > deadline:
            return status
        await asyncio.sleep(0.1)


async def test_in14_serve_starts_without_its_database_and_serves_once_it_arrives(
    tmp_path: Path,
) -> None:
    url = await create_postgres_database(migrate=False)
    admin = postgres_admin_url()
    database_port, http_port = free_port(), free_port()
    env = server_environment(
        tmp_path, DATABASE_URL=make_url(url).set(port=database_port).render_as_string(False)
    )
    folio = Path(sys.executable).parent / "folio"
    process = await asyncio.create_subprocess_exec(
        str(folio),
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(http_port),
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{http_port}/api/v1") as http:
            assert await status_within(http, "/health/live", 200, STARTUP_SECONDS) == 200
            assert (await http.get("/health/ready")).status_code == 503
            assert (await http.get("/posts")).status_code == 503

            async with forwarding(database_port, admin.host or "127.0.0.1", admin.port or 5432):
                # It answers now, but its schema is not migrated: still not ready.
                assert (await http.get("/health/ready")).status_code == 503
                await migrated(url)
                assert await status_within(http, "/health/ready", 200, 10) == 200
                registered = await http.post(
                    "/auth/register",
                    json={"email": "ada@example.com", "username": "ada", "password": "pw-123456"},
                )
                assert registered.status_code == 201, registered.text
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        try:
            output, _ = await asyncio.wait_for(process.communicate(), 10)
        except TimeoutError:
            process.kill()
            output, _ = await process.communicate()
        await drop_postgres_database(url)
    log = output.decode()
    assert "starting anyway" in log
    assert "not at the latest migration" in log
