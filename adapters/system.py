"""The real clock and identifiers."""

import uuid
from datetime import UTC, datetime

from application.ports.clock import Clock
from application.ports.ids import IdGenerator


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now(UTC)


class RandomIds(IdGenerator):
    def new_id(self) -> uuid.UUID:
        return uuid.uuid4()
