"""Translation of database errors into domain errors, at the adapter boundary."""

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from sqlalchemy.exc import IntegrityError

from domain.errors import AlreadyExists, NotFound


@asynccontextmanager
async def translated_integrity_errors(
    conflicts: Mapping[str, tuple[str, tuple[str, ...]]],
) -> AsyncIterator[None]:
    """A unique violation becomes AlreadyExists for the field whose constraint it names
    (`conflicts`: field -> (message, names the database may use for its constraint)); a
    foreign key pointing at a row that is gone (deleted concurrently) becomes NotFound."""
    try:
        yield
    except IntegrityError as e:
        text = str(e.orig).lower()
        if "unique" in text or "duplicate key" in text:
            for field, (message, markers) in conflicts.items():
                if any(marker in text for marker in markers):
                    raise AlreadyExists(message, field=field) from e
            raise AlreadyExists() from e
        if "foreign key" in text:
            raise NotFound("A referenced user or post no longer exists.") from e
        raise
