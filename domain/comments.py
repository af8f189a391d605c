"""Comments on posts."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.errors import PermissionDenied
from domain.posts import Post
from domain.text import COMMENT_MAX, bounded
from domain.users import Actor


def validate_comment_body(body: str) -> str:
    return bounded(body, field="body", max_length=COMMENT_MAX, required=True, multiline=True)


@dataclass(frozen=True)
class Comment:
    """A stored comment; its positive integer id is assigned by storage."""

    id: int
    post_id: UUID
    author_id: UUID
    body: str
    created_at: datetime

    def ensure_deletable_by(self, actor: Actor, post: Post) -> None:
        if not (actor.is_admin or actor.user_id in (self.author_id, post.author_id)):
            raise PermissionDenied(
                "Only the comment's author, the post's author or an admin may delete it.",
                resource="comment",
            )
