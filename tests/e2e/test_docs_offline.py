"""The API's documentation pages work without internet access: every script, stylesheet and
icon they load comes from this server."""

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from entrypoints.host.app import create_app
from tests.support import build_container, settings_for_tests

_ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']|url:\s*["']([^"']+)["']""")


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(build_container(settings_for_tests(app_env="development")))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            yield http


@pytest.mark.parametrize("page", ["/docs", "/redoc", "/api/docs"])
async def test_a_docs_page_loads_everything_from_this_server(
    client: httpx.AsyncClient, page: str
) -> None:
    html = (await client.get(page)).text
    assets = [a or b for a, b in _ASSET.findall(html)]
    assert any(a.endswith(".js") for a in assets), html
    for asset in assets:
        assert asset.startswith("/"), f"{page} loads {asset} from elsewhere"
        response = await client.get(asset)
        assert response.status_code == 200, (page, asset, response.status_code)
        assert response.content


@pytest.mark.parametrize("page", ["/docs", "/api/docs"])
async def test_swagger_ui_sends_the_schema_to_no_validator(
    client: httpx.AsyncClient, page: str
) -> None:
    assert '"validatorUrl": null' in (await client.get(page)).text


async def test_the_root_leads_to_the_docs_in_development(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 307
    assert response.headers["location"] == "/docs"


async def test_the_root_is_not_found_where_docs_are_off() -> None:
    app = create_app(build_container(settings_for_tests(app_env="production")))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            assert (await http.get("/")).status_code == 404
