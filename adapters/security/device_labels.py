"""Session labels from User-Agent strings, read by uap-core's patterns (ua-parser)."""

from ua_parser import parse

from application.ports.device_labels import UNKNOWN_DEVICE, DeviceLabels
from application.ports.sessions import SESSION_LABEL_MAX

# A real User-Agent is a few hundred characters; the patterns need no more of a long one.
_READ_AT_MOST = 512


class UserAgentLabels(DeviceLabels):
    def __init__(self) -> None:
        parse("")  # the patterns compile on first use (about 0.1 s): not in a login's time

    def __call__(self, user_agent: str | None) -> str:
        if not user_agent:
            return UNKNOWN_DEVICE
        parsed = parse(user_agent[:_READ_AT_MOST])
        browser = parsed.user_agent.family if parsed.user_agent else None
        system = parsed.os.family if parsed.os else None
        if browser and system:
            label = f"{browser} on {system}"
        else:
            label = browser or system or UNKNOWN_DEVICE
        return label[:SESSION_LABEL_MAX]
