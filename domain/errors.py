"""One hierarchy of domain errors. Inbound adapters translate these; the domain never knows HTTP."""


class DomainError(Exception):
    default_message = "The request could not be completed."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)

    @property
    def message(self) -> str:
        return str(self.args[0])


class NotFound(DomainError):
    default_message = "Not found."

    def __init__(self, message: str | None = None, *, resource: str | None = None) -> None:
        super().__init__(message)
        self.resource = resource  # "user", "post", "comment": which thing is missing


class AlreadyExists(DomainError):
    default_message = "Already exists."

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field  # the value that collides, e.g. "email" or "username"


class PermissionDenied(DomainError):
    default_message = "You are not allowed to do this."

    def __init__(self, message: str | None = None, *, resource: str | None = None) -> None:
        super().__init__(message)
        self.resource = resource


class AccountDisabled(PermissionDenied):
    default_message = "This account is deactivated."


class InvalidInput(DomainError):
    default_message = "Invalid input."

    def __init__(self, message: str | None = None, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AuthenticationFailed(DomainError):
    default_message = "Invalid credentials."


class ReauthenticationRequired(AuthenticationFailed):
    """The action needs the caller to have proved who they are recently, and the token's
    authentication is older (step-up)."""

    default_message = "This needs a recent sign-in: confirm your password, then try again."

    def __init__(self, message: str | None = None, *, max_age_seconds: int) -> None:
        super().__init__(message)
        self.max_age_seconds = max_age_seconds  # how recent it must be


class TwoFactorRequired(AuthenticationFailed):
    """The password was right; the account has two-factor on: a code must follow, with the
    challenge that stands for the password."""

    default_message = "Two-factor authentication is on: send a code with this challenge."

    def __init__(self, challenge: str) -> None:
        super().__init__()
        self.challenge = challenge


class EmailNotVerified(PermissionDenied):
    default_message = "Confirm your e-mail address first: follow the link in the mail we sent."


class InvalidToken(DomainError):
    """A single-use token (password reset, address verification) that is unknown, used,
    expired or no longer valid for the account."""

    default_message = "The token is invalid, used or expired; ask for a new one."

    def __init__(self, message: str | None = None, *, purpose: str) -> None:
        super().__init__(message)
        self.purpose = purpose


class StaleVersion(DomainError):
    default_message = "The resource was changed by someone else; reload it and try again."
