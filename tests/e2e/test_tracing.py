"""Traces: a span per request named by route template, one per use case inside it, one per
SQL statement inside that, and the trace id on the request's log lines; nothing when off."""

import json
import logging
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from dependency_injector import providers
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, format_trace_id

from entrypoints.host.app import create_app
from entrypoints.host.startup import EXIT_CONFIGURATION
from entrypoints.observability.tracing.requests import RequestSpans
from tests.conftest import container_on, unstarted_container_on
from tests.e2e.client import PASSWORD, Api
from tests.e2e.conftest import client_for
from tests.otlp_receiver import otlp_receiver
from tests.served import folio_serve, server_environment, server_log

BACKENDS = ["memory", "sqlite", "postgres"]
T = TypeVar("T")


@pytest.fixture
def exported() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    yield exporter
    exporter.shutdown()


@pytest.fixture
async def traced_api(database_url: str, exported: InMemorySpanExporter) -> AsyncIterator[Api]:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exported))
    async with unstarted_container_on(database_url) as container:
        container.tracer_provider.override(providers.Object(provider))
        async with client_for(container, "http://folio.test/api/v1") as client:
            yield Api(client)


def named(spans: tuple[ReadableSpan, ...], name: str) -> ReadableSpan:
    [span] = [span for span in spans if span.name == name]
    return span


def children(spans: tuple[ReadableSpan, ...], parent: ReadableSpan) -> list[ReadableSpan]:
    parent_id = parent.context.span_id
    return [span for span in spans if span.parent and span.parent.span_id == parent_id]


def every_value(spans: tuple[ReadableSpan, ...]) -> str:
    texts: list[Any] = []
    for span in spans:
        texts += [span.name, *(span.attributes or {}).values()]
    return " ".join(map(str, texts))


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_a_request_is_one_trace_of_request_use_case_and_statements(
    traced_api: Api, exported: InMemorySpanExporter, database_url: str
) -> None:
    await traced_api.register("ada")
    spans = exported.get_finished_spans()
    request = named(spans, "POST /api/v1/auth/register")
    assert request.kind is SpanKind.SERVER
    assert request.attributes is not None
    assert request.attributes["http.route"] == "/api/v1/auth/register"
    [use_case] = [span for span in children(spans, request) if span.name.startswith("use_case")]
    assert use_case.name == "use_case RegisterUser"
    statements = children(spans, use_case)
    if database_url.startswith("memory"):
        assert statements == []
    else:
        inserts = [span for span in statements if span.name.startswith("INSERT")]
        assert inserts, [span.name for span in statements]
        assert all(span.kind is SpanKind.CLIENT for span in statements)
    assert {span.context.trace_id for span in [use_case, *statements]} == {request.context.trace_id}
    # Statements travel without their parameters: neither the address nor the password.
    assert "ada@example.com" not in every_value(spans)
    assert PASSWORD not in every_value(spans)


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
async def test_reads_are_statement_spans_too(
    traced_api: Api, exported: InMemorySpanExporter
) -> None:
    # On PostgreSQL point reads otherwise run on the driver connection, out of SQLAlchemy's
    # sight (adapters.sqlalchemy.connections.prepared): traced, they go through it.
    headers = await traced_api.sign_up("ada")
    slug = (await traced_api.publish(headers, "Traced"))["slug"]
    exported.clear()
    assert (await traced_api.http.get(f"/posts/{slug}")).status_code == 200
    spans = exported.get_finished_spans()
    use_case = named(spans, "use_case GetPost")
    assert "SELECT" in [span.name.split()[0] for span in children(spans, use_case)]


@pytest.mark.parametrize("database_url", ["memory"], indirect=True)
async def test_spans_are_named_by_route_template_never_by_path(
    traced_api: Api, exported: InMemorySpanExporter
) -> None:
    for slug in ("no-such-post", "another-missing-one"):
        assert (await traced_api.http.get(f"/posts/{slug}")).status_code == 404
    assert (await traced_api.http.get("http://folio.test/api/articles/missing")).status_code == 404
    assert (await traced_api.http.get("/no/such/route")).status_code == 404

    names = [span.name for span in exported.get_finished_spans() if span.kind is SpanKind.SERVER]
    assert names == [
        "GET /api/v1/posts/{slug}",
        "GET /api/v1/posts/{slug}",
        "GET /api/articles/{slug}",
        "GET",
    ]


@pytest.mark.parametrize("database_url", ["memory"], indirect=True)
async def test_a_global_tracer_provider_adds_no_second_request_span(
    traced_api: Api, exported: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As under `opentelemetry-instrument`, which sets the global provider: FastAPI would
    # then trace each request itself as well, on both APIs' apps.
    everywhere = TracerProvider()
    everywhere.add_span_processor(SimpleSpanProcessor(exported))
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: everywhere)
    assert (await traced_api.http.get("/posts/missing")).status_code == 404
    assert (await traced_api.http.get("http://folio.test/api/articles/missing")).status_code == 404

    names = [span.name for span in exported.get_finished_spans() if span.kind is SpanKind.SERVER]
    assert names == ["GET /api/v1/posts/{slug}", "GET /api/articles/{slug}"]


@pytest.mark.parametrize("database_url", ["memory"], indirect=True)
async def test_the_request_log_lines_carry_its_trace_id(
    traced_api: Api, exported: InMemorySpanExporter, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="folio.access"):
        assert (await traced_api.http.get("/posts/missing")).status_code == 404
    [request] = [s for s in exported.get_finished_spans() if s.kind is SpanKind.SERVER]
    [line] = [r for r in caplog.records if r.name == "folio.access"]
    assert line.__dict__["trace_id"] == format_trace_id(request.context.trace_id)


async def test_tracing_is_off_unless_asked_for() -> None:
    async with container_on("memory://") as container:
        assert container.tracer_provider() is None
        app = create_app(container)
        classes: list[object] = [middleware.cls for middleware in app.user_middleware]
        assert RequestSpans not in classes


def test_a_served_process_sends_its_spans_to_an_otlp_collector(tmp_path: Path) -> None:
    with otlp_receiver() as (endpoint, received):
        env = server_environment(
            tmp_path,
            OTEL_EXPORTER_OTLP_ENDPOINT=endpoint,
            OTEL_SERVICE_NAME="folio-under-test",
            OTEL_BSP_SCHEDULE_DELAY="50",
        )
        with folio_serve(env) as base:
            missing = httpx.get(f"{base}/api/v1/posts/no-such-post")
            assert missing.status_code == 404
            [request] = wait_for(lambda: received.named("GET /api/v1/posts/{slug}"))
            [use_case] = wait_for(lambda: received.named("use_case GetPost"))
            assert use_case.parent_span_id == request.span_id
            assert any(span.parent_span_id == use_case.span_id for span in received.spans)
            trace_id = request.trace_id.hex()
            access = wait_for(lambda: logged(env, "folio.access", "/api/v1/posts/no-such-post"))
            assert access[0]["trace_id"] == trace_id
            # The worker's work is traced too: one trace per event handled.
            registration = {"email": "ada@example.com", "username": "ada", "password": PASSWORD}
            assert httpx.post(f"{base}/api/v1/auth/register", json=registration).is_success
            [welcome] = wait_for(lambda: received.named("handler SendWelcomeMail"))
            assert any(span.parent_span_id == welcome.span_id for span in received.spans)
    assert received.service_names == {"folio-under-test"}


def test_a_tracing_setting_folio_cannot_honour_stops_the_server_with_its_name(
    tmp_path: Path,
) -> None:
    env = server_environment(tmp_path, OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:4317")
    env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc"
    folio = Path(sys.executable).parent / "folio"
    done = subprocess.run(  # noqa: S603 - our own console script
        [str(folio), "serve"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == EXIT_CONFIGURATION
    assert "OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' is not available" in done.stderr


def wait_for(found: Callable[[], list[T]], seconds: float = 10) -> list[T]:
    deadline = time.monotonic() + seconds
    while not (result := found()):
        if time.monotonic() > deadline:
            pytest.fail("not there in time")
        time.sleep(0.05)
    return result


def logged(env: dict[str, str], logger: str, path: str) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in server_log(env).read_text().splitlines() if line]
    return [line for line in lines if line.get("logger") == logger and line.get("path") == path]
