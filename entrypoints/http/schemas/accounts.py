from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from application.views import AccountView, ProfileView
from domain.text import BIO_MAX, IMAGE_URL_MAX, MULTILINE_PATTERN
from domain.users import EMAIL_MAX, EMAIL_PATTERN, IMAGE_URL_PATTERN, PASSWORD_MAX, PASSWORD_MIN
from entrypoints.http.schemas.common import Username, WriteModel

Email = Annotated[
    str,
    Field(
        min_length=3,
        max_length=EMAIL_MAX,
        pattern=f"^{EMAIL_PATTERN}$",
        examples=["ada@example.com"],
    ),
]
Password = Annotated[str, Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]
Bio = Annotated[str, Field(max_length=BIO_MAX, pattern=MULTILINE_PATTERN)]
ImageUrl = Annotated[
    str,
    Field(
        max_length=IMAGE_URL_MAX,
        pattern=f"^({IMAGE_URL_PATTERN})?$",
        description='An http(s) URL; "" removes it.',
    ),
]


class RegisterIn(WriteModel):
    email: Email
    username: Username
    password: Password


class AccountOut(BaseModel):
    id: UUID
    email: str
    username: str
    bio: str
    image: str | None
    role: Literal["member", "admin"]
    is_active: bool
    email_verified: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: AccountView) -> "AccountOut":
        return cls(
            id=view.id,
            email=view.email,
            username=view.username,
            bio=view.bio,
            image=view.image,
            role=view.role.value,
            is_active=view.is_active,
            email_verified=view.email_verified,
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class AccountUpdateIn(WriteModel):
    # Changing the e-mail address needs the current password: said in the schema, too.
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "if": {"required": ["email"], "properties": {"email": {"type": "string"}}},
            "then": {
                "required": ["current_password"],
                "properties": {"current_password": {"type": "string"}},
            },
        },
    )

    email: Email | None = None
    username: Username | None = None
    bio: Bio | None = None
    image: ImageUrl | None = None
    current_password: Password | None = Field(
        default=None, description="Required to change the e-mail address."
    )


class PasswordChangeIn(WriteModel):
    current_password: Annotated[str, Field(max_length=PASSWORD_MAX)]
    new_password: Password


class ProfileOut(BaseModel):
    username: str
    bio: str
    image: str | None
    following: bool

    @classmethod
    def of(cls, view: ProfileView) -> "ProfileOut":
        return cls.model_validate(view, from_attributes=True)


class AdminUserUpdateIn(WriteModel):
    role: Literal["member", "admin"] | None = None
    is_active: bool | None = None
