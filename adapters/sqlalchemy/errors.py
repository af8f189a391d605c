"""Translation of database errors into domain errors, at the adapter boundary."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError

from domain.errors import AlreadyExists, NotFound


@asynccontextmanager
async def translated_integrity_errors(conflict_message: str) -> AsyncIterator[None]:
    """A unique violation becomes AlreadyExists; a foreign key pointing at a row that is gone
    (deleted concurrently) becomes NotFound."""
    try:
        yield
    except IntegrityError as e:
        text = str(e.orig).lower()
        if "unique" in text or "duplicate key" in text:
            raise AlreadyExists(conflict_message) from e
        if "foreign key" in text:
            raise NotFound("A referenced user or post no longer exists.") from e
        raise
