"""IN-13: the Host header is checked against ALLOWED_HOSTS, and no answer ever builds a link
from it."""

import httpx
import pytest

from entrypoints.composition.settings import LOCAL_HOSTS, Settings
from entrypoints.host.app import MissingAllowedHosts, create_app
from tests.e2e.client import Api
from tests.support import build_container, settings_for_tests


@pytest.mark.parametrize("path", ["/api/v1/posts", "/api/v1/posts/", "/api/articles", "/docs"])
async def test_in13_a_foreign_host_is_refused_before_anything_answers(api: Api, path: str) -> None:
    response = await api.http.get(f"http://evil.example{path}")
    assert response.status_code == 400
    assert "location" not in response.headers
    assert "evil.example" not in response.text


async def test_in13_a_trailing_slash_is_served_in_place_not_redirected(api: Api) -> None:
    response = await api.http.get("/posts/")
    assert response.status_code == 200
    assert "location" not in response.headers


def test_in13_production_refuses_to_start_without_allowed_hosts() -> None:
    settings = settings_for_tests(app_env="production", allowed_hosts=[])
    with pytest.raises(MissingAllowedHosts, match="ALLOWED_HOSTS"):
        create_app(build_container(settings))


def test_in13_allowed_hosts_are_comma_separated_and_local_names_are_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "api.example.com, *.example.org")
    assert Settings().trusted_hosts == ["api.example.com", "*.example.org"]
    monkeypatch.delenv("ALLOWED_HOSTS")
    assert Settings(app_env="development").trusted_hosts == list(LOCAL_HOSTS)


async def test_in13_an_allowed_host_is_served() -> None:
    settings = settings_for_tests("memory://", allowed_hosts=["*.example.org"])
    app = create_app(build_container(settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await http.get("http://api.example.org/api/v1/health/live")).status_code == 200
        assert (await http.get("http://example.org.evil/api/v1/health/live")).status_code == 400


async def test_in13_a_production_app_serves_its_allowed_host_only() -> None:
    settings = settings_for_tests(
        "memory://", app_env="production", allowed_hosts=["api.example.com"]
    )
    app = create_app(build_container(settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport) as http:
        assert (await http.get("http://api.example.com/api/v1/health/live")).status_code == 200
        for foreign in ("evil.example", "localhost", "127.0.0.1", "api.example.com.evil"):
            refused = await http.get(f"http://{foreign}/api/v1/health/live")
            assert refused.status_code == 400, foreign
