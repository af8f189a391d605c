from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from application.ports.posts import TagCount
from application.views import CommentView, PostView
from domain.tags import MAX_TAGS, TAG_MAX
from domain.text import (
    BODY_MAX,
    COMMENT_MAX,
    DESCRIPTION_MAX,
    MULTILINE_VISIBLE_PATTERN,
    SINGLE_LINE_PATTERN,
    SINGLE_LINE_VISIBLE_PATTERN,
    TITLE_MAX,
)
from entrypoints.http.schemas.accounts import ProfileOut
from entrypoints.http.schemas.common import WriteModel

Title = Annotated[
    str, Field(min_length=1, max_length=TITLE_MAX, pattern=SINGLE_LINE_VISIBLE_PATTERN)
]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX, pattern=SINGLE_LINE_PATTERN)]
Body = Annotated[str, Field(min_length=1, max_length=BODY_MAX, pattern=MULTILINE_VISIBLE_PATTERN)]
Tag = Annotated[str, Field(max_length=TAG_MAX, pattern=SINGLE_LINE_PATTERN)]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS)]


class PostIn(WriteModel):
    title: Title
    description: Description = ""
    body: Body
    tags: Tags = Field(default_factory=list)


class PostUpdateIn(WriteModel):
    title: Title | None = None
    description: Description | None = None
    body: Body | None = None
    tags: Tags | None = None


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


class CommentIn(WriteModel):
    body: Annotated[
        str, Field(min_length=1, max_length=COMMENT_MAX, pattern=MULTILINE_VISIBLE_PATTERN)
    ]


class CommentOut(BaseModel):
    id: int
    body: str
    author: ProfileOut
    created_at: datetime

    @classmethod
    def of(cls, view: CommentView) -> "CommentOut":
        return cls.model_validate(view, from_attributes=True)


class TagOut(BaseModel):
    name: str
    count: int

    @classmethod
    def of(cls, tag: TagCount) -> "TagOut":
        return cls(name=tag.name, count=tag.count)


class TagsOut(BaseModel):
    items: list[TagOut]
