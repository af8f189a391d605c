from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from application.views import AccountView, ProfileView
from domain.text import BIO_MAX, IMAGE_URL_MAX
from domain.users import EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN
from entrypoints.http.schemas.common import Username, WriteModel

Email = Annotated[str, Field(min_length=3, max_length=EMAIL_MAX, examples=["ada@example.com"])]
Password = Annotated[str, Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]
Bio = Annotated[str, Field(max_length=BIO_MAX)]
ImageUrl = Annotated[
    str, Field(max_length=IMAGE_URL_MAX, description='An http(s) URL; "" removes it.')
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
            created_at=view.created_at,
            updated_at=view.updated_at,
        )


class AccountUpdateIn(WriteModel):
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
        return cls(username=view.username, bio=view.bio, image=view.image, following=view.following)


class AdminUserUpdateIn(WriteModel):
    role: Literal["member", "admin"] | None = None
    is_active: bool | None = None
