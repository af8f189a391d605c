from typing import Protocol

UNKNOWN_DEVICE = "Unknown device"


class DeviceLabels(Protocol):
    def __call__(self, user_agent: str | None) -> str:
        """A session's label from its client's User-Agent, in a few words ("Firefox on
        Ubuntu"); UNKNOWN_DEVICE when it says nothing recognisable."""
        ...
