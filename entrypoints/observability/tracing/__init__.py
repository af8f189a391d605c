"""OpenTelemetry traces: off unless the standard OTEL_ variables ask for them. A request span
(named by route template), one span per use case, one per SQL statement, and the trace id in
every log line written inside them."""
