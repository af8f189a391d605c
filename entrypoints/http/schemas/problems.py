from pydantic import BaseModel, Field


class FieldError(BaseModel):
    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """An RFC 9457 problem document."""

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str
    status: int
    detail: str
    request_id: str | None = None
    errors: list[FieldError] | None = Field(
        default=None, description="At most 20; `more_errors` counts the rest."
    )
    more_errors: int | None = None
    challenge: str | None = Field(
        default=None,
        description="With `urn:folio:problem:mfa-required`: send it to `POST /api/v1/auth/mfa` "
        "with a code within 5 minutes.",
    )
