"""One authenticated live socket as the hub sees it: who, what it subscribed to, and its
bounded queue of messages not yet written."""

import asyncio
from collections import deque
from datetime import datetime
from uuid import UUID

from entrypoints.live.protocol import Close


class LiveConnection:
    def __init__(
        self,
        user_id: UUID,
        session_id: UUID | None,
        token_expires_at: datetime,
        queue_limit: int,
    ) -> None:
        self.user_id = user_id
        self.session_id = session_id  # of the latest token it authenticated with
        self.token_expires_at = token_expires_at
        self.topics: set[str] = set()  # "feed", "me"
        self.posts: dict[UUID, str] = {}  # post id -> the "post:<slug>" topic it came through
        self.resuming = False  # the hub holds live messages back while a resume replays
        self.resumed = False  # a socket resumes once
        self._queue_limit = queue_limit
        self._pending: deque[str] = deque()
        self._wakeup = asyncio.Event()
        self.closing = asyncio.Event()  # set with close_with
        self.close_with: tuple[Close, str] | None = None

    def send(self, text: str) -> None:
        """Queues a message; a client whose queue is full is too slow to keep up and is
        closed rather than let the queue grow."""
        if self.close_with is not None:
            return
        if len(self._pending) >= self._queue_limit:
            self.close(Close.TRY_AGAIN_LATER, "too slow: messages were not read in time")
            return
        self._pending.append(text)
        self._wakeup.set()

    def close(self, code: Close, reason: str) -> None:
        if self.close_with is None:
            self.close_with = (code, reason)
            self.closing.set()
            self._wakeup.set()

    async def next_batch(self) -> list[str]:
        """Waits for messages to write; empty once the connection is closing and all that
        was queued before has been taken."""
        while not self._pending and self.close_with is None:
            await self._wakeup.wait()
            self._wakeup.clear()
        batch = list(self._pending)
        self._pending.clear()
        return batch
