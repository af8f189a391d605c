"""Posts: the articles users publish."""

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from domain.errors import PermissionDenied, StaleVersion
from domain.tags import normalize_tags
from domain.text import BODY_MAX, DESCRIPTION_MAX, TITLE_MAX, bounded
from domain.users import Actor


def _title(value: str) -> str:
    return bounded(value, field="title", max_length=TITLE_MAX, required=True)


def _description(value: str) -> str:
    return bounded(value, field="description", max_length=DESCRIPTION_MAX)


def _body(value: str) -> str:
    return bounded(value, field="body", max_length=BODY_MAX, required=True, multiline=True)


@dataclass(eq=False)
class Post:
    id: UUID
    slug: str
    title: str
    description: str
    body: str
    tags: tuple[str, ...]
    author_id: UUID
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @classmethod
    def publish(
        cls,
        *,
        id: UUID,
        slug: str,
        author: Actor,
        title: str,
        description: str,
        body: str,
        tags: tuple[str, ...] | list[str],
        now: datetime,
    ) -> "Post":
        return cls(
            id=id,
            slug=slug,
            title=_title(title),
            description=_description(description),
            body=_body(body),
            tags=normalize_tags(tags),
            author_id=author.user_id,
            created_at=now,
            updated_at=now,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Post) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def ensure_editable_by(self, actor: Actor) -> None:
        if not (actor.is_admin or actor.user_id == self.author_id):
            raise PermissionDenied(
                "Only the author or an admin may change this post.", resource="post"
            )

    def ensure_version(self, expected: Collection[int] | None) -> None:
        """None: no precondition. Otherwise the post must be at one of the versions (an
        empty collection matches none: an entity-tag this service never sent)."""
        if expected is not None and self.version not in expected:
            raise StaleVersion()

    def edit(
        self,
        *,
        now: datetime,
        title: str | None = None,
        description: str | None = None,
        body: str | None = None,
        tags: tuple[str, ...] | list[str] | None = None,
    ) -> None:
        """Applies the changes given; the version and update time move only if one of them
        actually changes the post."""
        before = (self.title, self.description, self.body, self.tags)
        if title is not None:
            self.title = _title(title)
        if description is not None:
            self.description = _description(description)
        if body is not None:
            self.body = _body(body)
        if tags is not None:
            self.tags = normalize_tags(tags)
        if (self.title, self.description, self.body, self.tags) != before:
            self.updated_at = now
            self.version += 1

    def rename_slug(self, slug: str) -> None:
        self.slug = slug

    def copy(self) -> "Post":
        return replace(self)
