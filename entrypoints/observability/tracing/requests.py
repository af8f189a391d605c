"""A server span per request or WebSocket session, from OpenTelemetry's ASGI middleware, named
once routing is done: `GET /api/v1/posts/{slug}`, never the raw path (one name per route)."""

from typing import Any

from fastapi.telemetry import TelemetryConfig
from opentelemetry import trace
from opentelemetry.instrumentation.asgi import OpenTelemetryMiddleware
from opentelemetry.sdk.trace import TracerProvider
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from entrypoints.web.route_template import route_template

# Given to every FastAPI app of ours. Their spans are RequestSpans': FastAPI's own telemetry
# would add a second server span per request wherever a global provider is set, and it looks
# the global providers up on every request even when none is (5 % of a post read's CPU,
# sampled under load).
NO_FASTAPI_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "auto_configure": False,
}


class RequestSpans:
    def __init__(self, app: ASGIApp, tracer_provider: TracerProvider) -> None:
        self.app = OpenTelemetryMiddleware(
            _NamedAfterRouting(app),
            tracer_provider=tracer_provider,
            default_span_details=_before_routing,
            # A span per ASGI message would outnumber the ones that say something.
            exclude_spans=["receive", "send"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def _before_routing(scope: Scope) -> tuple[str, dict[str, Any]]:
    return scope.get("method", "WEBSOCKET"), {}


class _NamedAfterRouting:
    """Renames the span when the response starts: routing is done by then, and the span ends
    with the response's last byte, before the app returns."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        span = trace.get_current_span()
        if not span.is_recording():
            await self.app(scope, receive, send)
            return

        async def naming_send(message: Message) -> None:
            if message["type"] in _RESPONSE_STARTS:
                template = route_template(scope)
                if template is not None:
                    span.update_name(f"{_before_routing(scope)[0]} {template}")
                    span.set_attribute("http.route", template)
            await send(message)

        await self.app(scope, receive, naming_send)


_RESPONSE_STARTS = frozenset({"http.response.start", "websocket.accept", "websocket.close"})
