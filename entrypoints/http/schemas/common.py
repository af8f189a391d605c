from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from application.paging import LIMIT_DEFAULT, LIMIT_MAX

T = TypeVar("T")

Limit = Annotated[int, Field(ge=1, le=LIMIT_MAX, description=f"Page size, 1-{LIMIT_MAX}.")]
DEFAULT_LIMIT = LIMIT_DEFAULT
Cursor = Annotated[
    str | None,
    Field(max_length=512, description="The `next_cursor` of the previous page; opaque."),
]
Username = Annotated[
    str, StringConstraints(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
]


class WriteModel(BaseModel):
    """Input models name every field they accept: anything else is refused (no mass assignment)."""

    model_config = ConfigDict(extra="forbid")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )
