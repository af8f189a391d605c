"""Which exporters the standard OTEL_ variables ask for, and the ones Folio refuses."""

import pytest

from entrypoints.observability.tracing.provider import (
    TracingMisconfigured,
    exporter_names,
    tracer_provider,
)


@pytest.mark.parametrize(
    ("environ", "names"),
    [
        ({}, []),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ["otlp"]),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://collector:4318/v1/traces"}, ["otlp"]),
        ({"OTEL_TRACES_EXPORTER": "console"}, ["console"]),
        ({"OTEL_TRACES_EXPORTER": "otlp, console"}, ["otlp", "console"]),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, []),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, []),
    ],
)
def test_tracing_is_on_only_when_the_variables_ask(
    environ: dict[str, str], names: list[str]
) -> None:
    assert exporter_names(environ) == names
    provider = tracer_provider(environ)
    assert (provider is None) == (not names)
    if provider is not None:
        provider.shutdown()


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"OTEL_TRACES_EXPORTER": "zipkin"}, "OTEL_TRACES_EXPORTER: 'zipkin' is not available"),
        (
            {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4317", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
            "OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' is not available",
        ),
    ],
)
def test_what_folio_cannot_export_to_is_refused_by_name(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(TracingMisconfigured, match=message):
        exporter_names(environ)


def test_the_service_is_named_folio_unless_otel_service_name_says() -> None:
    provider = tracer_provider({"OTEL_TRACES_EXPORTER": "console"})
    assert provider is not None
    assert provider.resource.attributes["service.name"] == "folio"
    provider.shutdown()
