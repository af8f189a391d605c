from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Origin:
    """Where the request being served comes from; all None outside a request."""

    address: str | None = None
    user_agent: str | None = None
    request_id: str | None = None


class RequestOrigin(Protocol):
    def current(self) -> Origin: ...
