"""The tracer provider the standard OpenTelemetry variables describe, or None: tracing is off
unless OTEL_EXPORTER_OTLP_ENDPOINT (or ..._TRACES_ENDPOINT) or OTEL_TRACES_EXPORTER is set."""

import os
from collections.abc import Mapping

from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

from entrypoints.version import VERSION

_ENDPOINTS = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
_PROTOCOLS = ("OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
_EXPORTERS = ("otlp", "console")


class TracingMisconfigured(ValueError):
    pass


def exporter_names(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The exporters asked for: OTEL_TRACES_EXPORTER's list, else otlp when an OTLP endpoint is
    given, else none. Raises TracingMisconfigured for what Folio cannot export to."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return []
    listed = environ.get("OTEL_TRACES_EXPORTER", "").strip()
    if listed:
        names = [name.strip().lower() for name in listed.split(",") if name.strip()]
    else:
        names = ["otlp"] if any(environ.get(name) for name in _ENDPOINTS) else []
    if names == ["none"]:
        return []
    for name in names:
        if name not in _EXPORTERS:
            raise TracingMisconfigured(
                f"OTEL_TRACES_EXPORTER: {name!r} is not available; use otlp, console or none."
            )
    if "otlp" in names:
        for variable in _PROTOCOLS:
            protocol = environ.get(variable, "http/protobuf").strip()
            if protocol != "http/protobuf":
                raise TracingMisconfigured(
                    f"{variable}: {protocol!r} is not available; Folio sends OTLP over "
                    "http/protobuf (a collector's port 4318)."
                )
    return names


def tracer_provider(environ: Mapping[str, str] = os.environ) -> TracerProvider | None:
    names = exporter_names(environ)
    if not names:
        return None
    attributes = {SERVICE_VERSION: VERSION}
    if not environ.get("OTEL_SERVICE_NAME"):
        attributes[SERVICE_NAME] = "folio"
    provider = TracerProvider(resource=Resource.create(attributes))
    for name in names:
        # Spans leave in batches from a thread of their own (OTEL_BSP_* tune it): a request
        # never waits for the collector.
        provider.add_span_processor(BatchSpanProcessor(_exporter(name)))
    return provider


def _exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter()
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter()  # its endpoint, headers and timeout from the OTEL_ variables
