"""The marker FastAPI routes use to receive use cases from the container."""

from typing import Self

from dependency_injector.wiring import Provide


class Provided(Provide):  # type: ignore[misc,valid-type]
    """`Provide`, awaited on the event loop. FastAPI runs a synchronous dependency (and
    `Provide.__call__` is one) in its thread pool: a thread hop per injected use case per
    request, which profiling showed as a tenth of a read's CPU time."""

    async def __call__(self) -> Self:
        return self
