"""A span around every use case and event handler the container gives out, named for it
(`use_case GetPost`, `handler SendWelcomeMail`), without the application knowing of tracing:
their providers are overridden with ones that wrap what they made."""

from collections.abc import Callable
from typing import Any

from dependency_injector import containers, providers
from opentelemetry.trace import Tracer

_KINDS = {"application.use_cases.": "use_case", "application.handlers.": "handler"}


class Traced:
    """Calls the use case inside its span; anything else asked of it (a use case that others
    compose, like RegisterUser) is answered by the use case itself."""

    def __init__(self, use_case: Callable[..., Any], span_name: str, tracer: Tracer) -> None:
        self._use_case, self._span_name, self._tracer = use_case, span_name, tracer

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._tracer.start_as_current_span(self._span_name):
            return await self._use_case(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._use_case, name)


def trace_use_cases(container: containers.Container, tracer: Tracer) -> None:
    for provider in container.providers.values():
        if not isinstance(provider, providers.Singleton):
            continue
        cls = provider.cls
        for module, kind in _KINDS.items():
            if cls.__module__.startswith(module):
                original = providers.Singleton(cls, *provider.args, **provider.kwargs)
                span_name = f"{kind} {cls.__name__}"
                provider.override(providers.Singleton(Traced, original, span_name, tracer))
