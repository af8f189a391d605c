"""Security checklist items that are properties of the HTTP adapter (IDs in test names)."""

import base64
import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from typing import Any

import httpx
import jwt
import pytest
from asgi_lifespan import LifespanManager
from dependency_injector import providers

from adapters.local_wakeup import LocalWakeup
from adapters.sqlalchemy.connections.engine import create_engine
from adapters.sqlalchemy.connections.owner import SqlConnections
from adapters.sqlalchemy.unit_of_work import SqlStorageHealth, SqlUnitOfWork
from entrypoints.composition.container import Container
from entrypoints.host.app import create_app
from entrypoints.web.logging import json_handler
from tests.e2e.client import Api, bearer
from tests.support import TEST_SECRET, build_container, settings_for_tests

# Properties of the HTTP adapter, not of storage: one backend is enough.
BACKENDS = ["memory"]


async def user_id(api: Api, headers: dict[str, str]) -> str:
    return str((await api.http.get("/users/me", headers=headers)).json()["id"])


def forge(
    sub: str,
    *,
    drop: tuple[str, ...] = (),
    headers: dict[str, Any] | None = None,
    algorithm: str = "HS256",
    **claims: Any,
) -> str:
    now = datetime.now(UTC)
    payload: dict[str, Any] = {
        "sub": sub,
        "iat": now,
        "exp": now + timedelta(minutes=5),
        "jti": "j",
        "iss": "folio",
        "aud": "folio-api",
        **claims,
    }
    for name in drop:
        payload.pop(name)
    return jwt.encode(
        payload, TEST_SECRET, algorithm=algorithm, headers={"typ": "at+jwt", **(headers or {})}
    )


async def status_with(api: Api, token: str) -> int:
    return (await api.http.get("/users/me", headers=bearer(token))).status_code


async def test_a_forged_token_with_the_real_key_works_so_the_rejections_below_mean_something(
    api: Api,
) -> None:
    sub = await user_id(api, await api.sign_up("ada"))
    assert await status_with(api, forge(sub)) == 200


async def test_tok01_alg_none_and_other_algorithms_are_401(api: Api) -> None:
    sub = await user_id(api, await api.sign_up("ada"))
    body = forge(sub).split(".")[1]
    none_header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"at+jwt"}').rstrip(b"=").decode()
    assert await status_with(api, f"{none_header}.{body}.") == 401
    with pytest.warns(jwt.warnings.InsecureKeyLengthWarning):
        hs512 = forge(sub, algorithm="HS512")
    assert await status_with(api, forge(sub, algorithm="HS384")) == 401
    assert await status_with(api, hs512) == 401


async def test_tok02_a_tampered_token_is_401(api: Api) -> None:
    sub = await user_id(api, await api.sign_up("ada"))
    header, body, signature = forge(sub).split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=="))
    claims["sub"] = "00000000-0000-4000-8000-000000000000"
    other = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert await status_with(api, f"{header}.{other}.{signature}") == 401
    assert await status_with(api, f"{header}.{body}.{signature[:-4]}") == 401


async def test_tok04_missing_claims_or_wrong_issuer_or_audience_are_401(api: Api) -> None:
    sub = await user_id(api, await api.sign_up("ada"))
    assert await status_with(api, forge(sub, drop=("exp",))) == 401
    assert await status_with(api, forge(sub, aud="other")) == 401
    assert await status_with(api, forge(sub, iss="foli")) == 401


async def test_tok05_an_expired_token_is_401(api: Api) -> None:
    sub = await user_id(api, await api.sign_up("ada"))
    past = datetime.now(UTC) - timedelta(minutes=1)
    assert await status_with(api, forge(sub, exp=past, iat=past - timedelta(minutes=5))) == 401


async def test_tok06_a_token_of_another_type_is_401(api: Api) -> None:
    sub = await user_id(api, await api.sign_up("ada"))
    assert await status_with(api, forge(sub, headers={"typ": "JWT"})) == 401


async def test_tok07_an_unknown_critical_header_is_401(api: Api) -> None:
    sub = await user_id(api, await api.sign_up("ada"))
    assert await status_with(api, forge(sub, headers={"crit": ["exp-x"], "exp-x": 1})) == 401


async def test_tok08_tokens_in_the_query_string_are_ignored(api: Api) -> None:
    tokens = await api.login((await api.register("ada"))["username"])
    response = await api.http.get("/users/me", params={"access_token": tokens["access_token"]})
    assert response.status_code == 401


async def test_non_bearer_schemes_are_refused_on_optional_routes(api: Api) -> None:
    response = await api.http.get("/posts", headers={"Authorization": "Basic YWRhOnB3"})
    assert response.status_code == 401
    assert (await api.http.get("/posts", headers=bearer("junk"))).status_code == 401


async def test_ac05_authorization_failures_are_logged(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    ada, bob = await api.sign_up("ada"), await api.sign_up("bob")
    await api.publish(ada, "Mine")
    with caplog.at_level(logging.WARNING, logger="folio.http"):
        assert (await api.http.delete("/posts/mine", headers=bob)).status_code == 403
    [record] = [r for r in caplog.records if r.getMessage() == "access_denied"]
    assert record.path == "/api/v1/posts/mine"  # type: ignore[attr-defined]
    assert record.method == "DELETE"  # type: ignore[attr-defined]
    bob_id = (await api.http.get("/users/me", headers=bob)).json()["id"]
    assert record.user_id == bob_id  # type: ignore[attr-defined]  # who was refused


async def test_in01_bodies_over_the_limit_are_413_problems(api: Api) -> None:
    declared = await api.http.post(
        "/auth/register", content=b"x" * 1_100_000, headers={"Content-Type": "application/json"}
    )

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b"x" * 100_000

    streamed = await api.http.post(
        "/auth/register", content=chunks(), headers={"Content-Type": "application/json"}
    )
    for response in (declared, streamed):
        assert response.status_code == 413
        assert response.headers["content-type"] == "application/problem+json"


async def test_in03_repeated_query_parameters_are_422(api: Api) -> None:
    response = await api.http.get("/posts?tag=a&tag=b")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"loc": ["tag"], "msg": "tag may be given only once."}]


async def test_in03_over_long_parameters_are_422(api: Api) -> None:
    assert (await api.http.get("/posts", params={"q": "x" * 201})).status_code == 422
    assert (await api.http.get("/users/" + "x" * 33)).status_code == 404  # names nobody
    assert (await api.http.get("/posts", params={"tag": "x" * 33})).status_code == 422


async def test_in04_bodies_without_a_json_content_type_are_not_parsed(api: Api) -> None:
    body = json.dumps({"email": "a@x.io", "username": "ada", "password": "password123"})
    missing = await api.http.post("/auth/register", content=body)
    plain = await api.http.post(
        "/auth/register", content=body, headers={"Content-Type": "text/plain"}
    )
    assert (missing.status_code, plain.status_code) == (422, 422)


async def test_in05_unsupported_methods_are_405_with_allow(api: Api) -> None:
    for method in ("PUT", "TRACE"):
        response = await api.http.request(method, "/posts")
        assert response.status_code == 405
        assert set(response.headers["allow"].split(", ")) >= {"GET", "POST"}
        assert response.headers["content-type"] == "application/problem+json"


async def test_err01_err02_unexpected_errors_are_generic_500s_logged_with_the_request_id(
    api: Api, container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    class Exploding:
        async def __call__(self, limit: int) -> list[object]:
            raise RuntimeError("SELECT secret FROM users -- Traceback")

    container.list_tags.override(providers.Object(Exploding()))
    with caplog.at_level(logging.ERROR, logger="folio.http"):
        response = await api.http.get("/tags", headers={"X-Request-ID": "trace-me"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "trace-me"
    assert response.json()["request_id"] == "trace-me"
    for leak in ("SELECT", "Traceback", "RuntimeError", "secret"):
        assert leak not in response.text
    [record] = [r for r in caplog.records if r.getMessage() == "unhandled_error"]
    assert record.request_id == "trace-me"  # type: ignore[attr-defined]
    assert record.error_type == "RuntimeError"  # type: ignore[attr-defined]
    assert "test_security_api.py" in record.where  # type: ignore[attr-defined]
    assert "secret" not in json_handler().format(record)  # the type and place, not the message
    assert (await api.http.get("/health/live")).status_code == 200  # the process lives on


def test_err04_log_lines_are_json_and_input_cannot_break_them() -> None:
    record = logging.LogRecord(
        "folio.auth", logging.WARNING, __file__, 1, "login_failed", None, None
    )
    forged = 'eve\n{"level": "INFO", "forged": true}'
    record.__dict__["login"] = forged
    line = json_handler().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["login"] == forged
    assert parsed["time"].endswith("Z")


@pytest.mark.parametrize(
    ("environment", "docs_enabled", "served"),
    [
        ("production", None, False),  # the production default: nothing to map the API by
        ("production", True, True),
        ("development", None, True),
        ("development", False, False),
    ],
)
async def test_err05_docs_and_schema_are_off_in_production_unless_asked_for(
    environment: str, docs_enabled: bool | None, served: bool
) -> None:
    settings = settings_for_tests(app_env=environment, docs_enabled=docs_enabled)
    app = create_app(build_container(settings))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for path in ("/docs", "/redoc", "/openapi.json", "/api/docs", "/api/openapi.json"):
                status = (await client.get(path)).status_code
                assert status == (200 if served else 404), (path, status)


async def test_err06_the_request_id_reaches_the_access_log_and_response(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="folio.access"):
        kept = await api.http.get("/health/live", headers={"X-Request-ID": "abc-123"})
        made = await api.http.get("/health/live", headers={"X-Request-ID": "bad id\n!"})
    assert kept.headers["x-request-id"] == "abc-123"
    assert made.headers["x-request-id"] not in ("bad id\n!", "")
    logged = [r.request_id for r in caplog.records if r.name == "folio.access"]  # type: ignore[attr-defined]
    assert logged == ["abc-123", made.headers["x-request-id"]]


async def test_err03_storage_down_gives_503_not_500(api: Api, container: Container) -> None:
    dead = create_engine("postgresql+asyncpg://postgres@127.0.0.1:1/none", pool_timeout=1)
    connections = SqlConnections(dead, keep_seconds=0)
    container.unit_of_work.override(
        providers.Factory(SqlUnitOfWork, connections=connections, wakeup=LocalWakeup())
    )
    container.storage_health.override(providers.Object(SqlStorageHealth(connections)))
    for path in ("/health/ready", "/posts", "/tags"):
        response = await api.http.get(path)
        assert response.status_code == 503, path
        assert response.headers["retry-after"] == "5"
        assert response.headers["content-type"] == "application/problem+json"
    await dead.dispose()


async def test_pwd06_no_response_or_schema_carries_a_password(api: Api) -> None:
    ada = await api.sign_up("ada")
    await api.publish(ada, "Post")
    bodies = [
        (await api.http.get("/users/me", headers=ada)).text,
        (await api.http.get("/users/ada")).text,
        (await api.http.get("/posts")).text,
        (await api.http.get("http://folio.test/openapi.json")).text,
    ]
    schema = json.loads(bodies[-1])
    inputs = {
        content["schema"]["$ref"].rsplit("/", 1)[1]
        for path in schema["paths"].values()
        for operation in path.values()
        for content in operation.get("requestBody", {}).get("content", {}).values()
    }
    for name, component in schema["components"]["schemas"].items():
        if name not in inputs:
            fields = set(component.get("properties", {}))
            assert not {"password", "password_hash", "hashed_password"} & fields, name
    for body in bodies[:-1]:
        assert "argon2" not in body
        assert "password" not in body


async def test_in08_the_login_form_is_bounded(api: Api) -> None:
    await api.register("ada")
    many_fields = {f"field{i}": "x" for i in range(20)} | {"username": "ada", "password": "p"}
    assert (await api.http.post("/auth/token", data=many_fields)).status_code == 422
    huge_field = {"username": "ada", "password": "x" * 10_000}
    assert (await api.http.post("/auth/token", data=huge_field)).status_code == 422
    upload = await api.http.post(
        "/auth/token", data={"username": "ada"}, files={"password": ("p.txt", b"secret")}
    )
    assert upload.status_code == 422


def test_a8_in08_dependencies_are_past_their_known_vulnerabilities() -> None:
    def at_least(package: str, floor: tuple[int, ...]) -> bool:
        parts = tuple(int(p) for p in version(package).split(".")[: len(floor)])
        return parts >= floor

    assert at_least("pyjwt", (2, 13))
    assert at_least("starlette", (1, 3, 1))
    assert at_least("h11", (0, 16))
    assert at_least("python-multipart", (0, 0, 32))


async def test_cors_is_off_by_default_and_follows_settings() -> None:
    preflight = {
        "Origin": "https://app.example",
        "Access-Control-Request-Method": "POST",
    }
    for origins, allowed in (([], False), (["https://app.example"], True)):
        app = create_app(build_container(settings_for_tests(cors_origins=origins)))
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                response = await client.options("/api/v1/posts", headers=preflight)
        assert ("access-control-allow-origin" in response.headers) is allowed


async def test_cors_lets_a_browser_send_an_idempotency_key_and_read_the_replay_mark() -> None:
    preflight = {
        "Origin": "https://app.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
    }
    app = create_app(build_container(settings_for_tests(cors_origins=["https://app.example"])))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            allowed = await client.options("/api/v1/posts", headers=preflight)
            answered = await client.get("/api/v1/tags", headers={"Origin": "https://app.example"})
    assert allowed.status_code == 200
    assert "idempotency-key" in allowed.headers["access-control-allow-headers"].lower()
    assert "idempotent-replayed" in answered.headers["access-control-expose-headers"].lower()
