"""Errors of the application's own, beside the domain's: failures of the world outside."""


class StorageUnavailable(Exception):
    """Storage could not be reached or did not answer in time; the request may be retried."""

    def __init__(self, message: str = "Storage is unavailable; try again shortly.") -> None:
        super().__init__(message)


class KeyChangeRefused(Exception):
    """A change of the signing key ring that would refuse tokens in use, or sign with a key
    verifiers may not have fetched yet."""
