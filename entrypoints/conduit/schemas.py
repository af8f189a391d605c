"""Conduit's envelopes and camelCase fields. Unknown fields are ignored, as Conduit clients
send extra ones; only the fields named here ever reach a use case."""

from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from application.views import AccountView, CommentView, PostView, ProfileView
from domain.tags import MAX_TAGS, TAG_MAX
from domain.text import BIO_MAX, BODY_MAX, COMMENT_MAX, DESCRIPTION_MAX, IMAGE_URL_MAX, TITLE_MAX
from domain.users import EMAIL_MAX, PASSWORD_MAX


class Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


# Requests


class NewUser(BaseModel):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    email: Annotated[str, Field(min_length=1, max_length=EMAIL_MAX)]
    password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]


class NewUserIn(BaseModel):
    user: NewUser


class LoginUser(BaseModel):
    email: Annotated[str, Field(min_length=1, max_length=EMAIL_MAX)]
    password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]


class LoginIn(BaseModel):
    user: LoginUser


class UserChanges(BaseModel):
    """email, username and password may be left out but not blanked; bio and image may be
    null or "" to remove them."""

    email: Annotated[str, Field(min_length=1, max_length=EMAIL_MAX)] = None  # type: ignore[assignment]
    username: Annotated[str, Field(min_length=1, max_length=64)] = None  # type: ignore[assignment]
    password: Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)] = None  # type: ignore[assignment]
    bio: Annotated[str | None, Field(max_length=BIO_MAX)] = None
    image: Annotated[str | None, Field(max_length=IMAGE_URL_MAX)] = None


class UpdateUserIn(BaseModel):
    user: UserChanges


Tags = Annotated[list[Annotated[str, Field(max_length=TAG_MAX)]], Field(max_length=MAX_TAGS)]


class NewArticle(Model):
    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)]
    description: Annotated[str, Field(min_length=1, max_length=DESCRIPTION_MAX)]
    body: Annotated[str, Field(min_length=1, max_length=BODY_MAX)]
    tag_list: Tags = Field(default_factory=list)


class NewArticleIn(BaseModel):
    article: NewArticle


class ArticleChanges(Model):
    """Fields left out stay as they are; `tagList: []` removes every tag, null is refused."""

    title: Annotated[str, Field(min_length=1, max_length=TITLE_MAX)] = None  # type: ignore[assignment]
    description: Annotated[str, Field(min_length=1, max_length=DESCRIPTION_MAX)] = None  # type: ignore[assignment]
    body: Annotated[str, Field(min_length=1, max_length=BODY_MAX)] = None  # type: ignore[assignment]
    tag_list: Tags = None  # type: ignore[assignment]


class UpdateArticleIn(BaseModel):
    article: ArticleChanges


class NewComment(BaseModel):
    body: Annotated[str, Field(min_length=1, max_length=COMMENT_MAX)]


class NewCommentIn(BaseModel):
    comment: NewComment


# Responses


def _or_none(value: str | None) -> str | None:
    return value or None


class User(Model):
    email: str
    token: str
    username: str
    bio: str | None
    image: str | None

    @classmethod
    def of(cls, account: AccountView, token: str) -> "User":
        return cls(
            email=account.email,
            token=token,
            username=account.username,
            bio=_or_none(account.bio),
            image=account.image,
        )


class UserOut(BaseModel):
    user: User


class Profile(Model):
    username: str
    bio: str | None
    image: str | None
    following: bool

    @classmethod
    def fields_of(cls, view: ProfileView) -> dict[str, object]:
        return {
            "username": view.username,
            "bio": _or_none(view.bio),
            "image": view.image,
            "following": view.following,
        }

    @classmethod
    def of(cls, view: ProfileView) -> "Profile":
        return cls.model_validate(cls.fields_of(view))


class ProfileOut(BaseModel):
    profile: Profile


class ArticleSummary(Model):
    slug: str
    title: str
    description: str
    tag_list: list[str]
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    author: Profile

    @classmethod
    def fields_of(cls, view: PostView) -> dict[str, object]:
        return {
            "slug": view.slug,
            "title": view.title,
            "description": view.description,
            "tag_list": list(view.tags),
            "created_at": view.created_at,
            "updated_at": view.updated_at,
            "favorited": view.favorited,
            "favorites_count": view.favorites_count,
            "author": Profile.fields_of(view.author),
        }


class Article(ArticleSummary):
    body: str

    @classmethod
    def of(cls, view: PostView) -> "Article":
        return cls.model_validate({**cls.fields_of(view), "body": view.body})


class ArticleOut(BaseModel):
    article: Article


class ArticlesOut(Model):
    articles: list[ArticleSummary]
    articles_count: int

    @classmethod
    def of(cls, views: Sequence[PostView], count: int) -> "ArticlesOut":
        """The whole page in one validation (a model built per article first cost a list of
        20 articles 1.5-4.5 % more CPU, measured)."""
        articles = [ArticleSummary.fields_of(view) for view in views]
        return cls.model_validate({"articles": articles, "articles_count": count})


class Comment(Model):
    id: int
    created_at: datetime
    updated_at: datetime
    body: str
    author: Profile

    @classmethod
    def of(cls, view: CommentView) -> "Comment":
        return cls(
            id=view.id,
            created_at=view.created_at,
            updated_at=view.created_at,  # comments are never edited
            body=view.body,
            author=Profile.of(view.author),
        )


class CommentOut(BaseModel):
    comment: Comment


class CommentsOut(BaseModel):
    comments: list[Comment]


class TagsOut(BaseModel):
    tags: list[str]
