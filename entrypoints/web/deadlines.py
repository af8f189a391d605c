"""Request deadlines kept by one timer instead of one per request.

`asyncio.timeout` schedules a timer when a request starts and cancels it when it ends. Every
request has the same bound, so deadlines come due in the order requests arrive: one timer, set
for the earliest, is enough. A bound behaves as `asyncio.timeout` does: its request is
cancelled when it comes due, and that cancellation leaves the bound as TimeoutError, unless
the request was also cancelled from elsewhere, which then goes on."""

import asyncio
from types import TracebackType
from typing import Any


class Deadlines:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._due: dict[Bound, float] = {}  # in order of arrival, so of due time
        self._timer: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def bound(self) -> "Bound":
        return Bound(self)

    def _enter(self, bound: "Bound") -> None:
        loop = asyncio.get_running_loop()
        due = loop.time() + self.seconds
        self._due[bound] = due
        if self._timer is None or self._loop is not loop:
            self._loop = loop
            self._timer = loop.call_at(due, self._expire_due)

    def _leave(self, bound: "Bound") -> None:
        self._due.pop(bound, None)

    def _expire_due(self) -> None:
        assert self._loop is not None
        self._timer = None
        now = self._loop.time()
        expired = []
        for bound, due in self._due.items():
            if due > now:
                self._timer = self._loop.call_at(due, self._expire_due)
                break
            expired.append(bound)
        for bound in expired:
            del self._due[bound]
            bound.expire()


class Bound:
    __slots__ = ("_cancelling", "_deadlines", "_expired", "_task")

    def __init__(self, deadlines: Deadlines) -> None:
        self._deadlines = deadlines
        self._expired = False

    def __enter__(self) -> None:
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("A deadline is kept only inside a task")
        self._task: asyncio.Task[Any] = task
        self._cancelling = task.cancelling()
        self._deadlines._enter(self)

    def expire(self) -> None:
        self._expired = True
        self._task.cancel()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._deadlines._leave(self)
        if (
            self._expired
            and self._task.uncancel() <= self._cancelling
            and exc_type is asyncio.CancelledError
        ):
            raise TimeoutError from exc
