from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest
from asgi_lifespan import LifespanManager

from domain.users import Role
from entrypoints.composition.container import Container
from entrypoints.host.app import create_app
from tests.conftest import container_on
from tests.e2e.client import Api
from tests.mail_server import Inbox, smtp_server


@asynccontextmanager
async def client_for(container: Container, base_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app on the test's backend, lifespan included."""
    app = create_app(container)
    async with LifespanManager(app) as manager:
        # Answer 500s as a server would, instead of re-raising into the test.
        transport = httpx.ASGITransport(app=manager.app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            yield client


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """A real SMTP server on a loopback port."""
    with smtp_server() as inbox:
        yield inbox


@asynccontextmanager
async def mailing_container(
    database_url: str, inbox: Inbox, **overrides: object
) -> AsyncIterator[Container]:
    """A container whose app runs the embedded worker and mails through `inbox`."""
    async with container_on(
        database_url,
        worker_embedded=True,
        worker_poll_seconds=0.2,
        smtp_url=f"smtp://127.0.0.1:{inbox.port}",
        **overrides,
    ) as container:
        yield container


@pytest.fixture
async def mailing(database_url: str, inbox: Inbox) -> AsyncIterator[Container]:
    async with mailing_container(database_url, inbox) as container:
        yield container


@pytest.fixture
async def api(container: Container) -> AsyncIterator[Api]:
    """The REST API v1."""
    async with client_for(container, "http://folio.test/api/v1") as client:
        yield Api(client)


@pytest.fixture
async def conduit(container: Container) -> AsyncIterator[httpx.AsyncClient]:
    """The RealWorld (Conduit) API."""
    async with client_for(container, "http://folio.test/api") as client:
        yield client


async def promote_to_admin(container: Container, username: str) -> None:
    async with container.unit_of_work() as uow:
        user = await uow.users.by_username(username)
        assert user is not None
        user.role = Role.ADMIN
        await uow.users.update(user)
        await uow.commit()
