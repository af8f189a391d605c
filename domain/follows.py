"""Follows between users."""

from uuid import UUID

from domain.errors import InvalidInput


def ensure_may_follow(follower_id: UUID, followee_id: UUID) -> None:
    if follower_id == followee_id:
        raise InvalidInput("You cannot follow yourself.", field="username")
