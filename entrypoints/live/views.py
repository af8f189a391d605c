"""The resources a live message carries, as this surface shows them. They have the fields of
the REST API's resources, declared here so that either surface can change without the other
(the AsyncAPI document's schemas are built from these)."""

from datetime import datetime

from pydantic import BaseModel

from application.views import CommentView, PostView, ProfileView


class ProfileOut(BaseModel):
    username: str
    bio: str
    image: str | None
    following: bool

    @classmethod
    def of(cls, view: ProfileView) -> "ProfileOut":
        return cls.model_validate(view, from_attributes=True)


class PostOut(BaseModel):
    slug: str
    title: str
    description: str
    body: str
    tags: list[str]
    author: ProfileOut
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    version: int

    @classmethod
    def of(cls, view: PostView) -> "PostOut":
        return cls.model_validate(view, from_attributes=True)


class CommentOut(BaseModel):
    id: int
    body: str
    author: ProfileOut
    created_at: datetime

    @classmethod
    def of(cls, view: CommentView) -> "CommentOut":
        return cls.model_validate(view, from_attributes=True)
