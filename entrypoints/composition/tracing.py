"""Tracing for the life of a process (server, worker, command): use-case and handler spans,
SQL spans and trace ids in the log, started with the container's resources and flushed when
they stop. The outbox's own engine is left out: its polling would be a trace every second."""

import logging

from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.trace import TracerProvider

from entrypoints.composition.container import Container
from entrypoints.observability.tracing.logs import TraceIds
from entrypoints.observability.tracing.use_cases import trace_use_cases

_TRACE_IDS = TraceIds()


def start(container: Container, provider: TracerProvider) -> None:
    trace_use_cases(container, provider.get_tracer("folio"))
    if container.settings().storage_backend == "sql":
        # Statements only: SQLAlchemy's instrumentation never records their parameters. It
        # declares SQLAlchemy < 2.1; the cursor events it listens to are the same in 2.1, and
        # tests/e2e/test_tracing.py shows its spans on every SQL backend.
        SQLAlchemyInstrumentor().instrument(
            engine=container.engine().sync_engine,
            tracer_provider=provider,
            skip_dep_check=True,
        )
    for handler in logging.getLogger().handlers:
        handler.addFilter(_TRACE_IDS)


def stop(provider: TracerProvider) -> None:
    for handler in logging.getLogger().handlers:
        handler.removeFilter(_TRACE_IDS)
    instrumentor = SQLAlchemyInstrumentor()
    if instrumentor.is_instrumented_by_opentelemetry:
        instrumentor.uninstrument()
    provider.shutdown()  # sends what is still batched
