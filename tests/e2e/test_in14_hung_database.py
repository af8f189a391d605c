"""IN-14: a database that hangs (accepts connections, never answers) costs a request at most
REQUEST_TIMEOUT_SECONDS and the readiness probe at most READINESS_TIMEOUT_SECONDS: 503s,
not a client held for the driver's own timeouts (about 17 s before)."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from dependency_injector import providers

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.connections.owner import SqlConnections
from adapters.sqlalchemy.unit_of_work import SqlStorageHealth, SqlUnitOfWork
from entrypoints.host.app import create_app
from tests.support import build_container, settings_for_tests

GUARD_SECONDS = 20  # far past both bounds: only a hang would reach it


@pytest.fixture
async def hung_database() -> AsyncIterator[str]:
    """A PostgreSQL address that accepts connections and then says nothing."""
    held: list[asyncio.StreamWriter] = []

    async def accept_and_hang(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(accept_and_hang, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    yield f"postgresql+asyncpg://postgres@127.0.0.1:{port}/hung"
    for writer in held:
        writer.close()
    server.close()


async def test_in14_a_hung_database_gives_503s_within_the_bounds(hung_database: str) -> None:
    settings = settings_for_tests(request_timeout_seconds=1, readiness_timeout_seconds=0.5)
    container = build_container(settings)
    hung = create_engine(hung_database)
    connections = SqlConnections(hung, keep_seconds=0)
    container.unit_of_work.override(
        providers.Factory(SqlUnitOfWork, connections=connections, wakeup=LocalWakeup())
    )
    container.storage_health.override(
        providers.Object(SqlStorageHealth(connections, timeout_seconds=0.5))
    )
    app = create_app(container)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://folio.test") as http:
            for path in ("/api/v1/health/ready", "/api/v1/posts", "/api/articles"):
                response = await asyncio.wait_for(http.get(path), GUARD_SECONDS)
                assert response.status_code == 503, path
                assert response.headers["retry-after"] == "5"
                # The deadline answers in the error shape of the API asked.
                if path.startswith("/api/v1/"):
                    assert response.headers["content-type"] == "application/problem+json"
                    assert response.json()["status"] == 503
                else:
                    assert response.headers["content-type"] == "application/json"
                    assert response.json() == {
                        "errors": {
                            "server": ["The service did not answer in time; try again shortly."]
                        }
                    }
            assert (await http.get("/api/v1/health/live")).status_code == 200
    await hung.dispose()
