"""Named policies an inbound adapter is configured with, where API dialects differ."""

from enum import Enum


class CredentialChangePolicy(Enum):
    """What changing one's e-mail address or password asks for.

    REQUIRE_CURRENT_PASSWORD re-authenticates the user (the REST API v1; OWASP ASVS 6.2.3).
    TRUST_SESSION accepts any valid session, as the RealWorld (Conduit) specification asks;
    weaker, since a stolen token is then enough to take the account over."""

    REQUIRE_CURRENT_PASSWORD = "require-current-password"  # noqa: S105 - a policy name
    TRUST_SESSION = "trust-session"
