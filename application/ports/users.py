from collections.abc import Collection
from typing import Protocol
from uuid import UUID

from application.paging import PageQuery, Slice
from domain.users import User


class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Raises AlreadyExists when the e-mail or username is taken (case-insensitively)."""
        ...

    async def update(self, user: User) -> None:
        """Raises AlreadyExists when the new e-mail or username is taken."""
        ...

    async def delete(self, user_id: UUID) -> None:
        """Deletes the user with everything that is theirs: posts, comments, favorites,
        follows, sessions and refresh tokens."""
        ...

    async def get(self, user_id: UUID) -> User | None: ...

    async def get_in_session(self, user_id: UUID, session_id: UUID) -> User | None:
        """The account, if `session_id` is one of its sessions and has not ended; one read
        (authentication runs it on every request)."""
        ...

    async def get_many(self, user_ids: Collection[UUID]) -> dict[UUID, User]: ...

    async def by_username(self, username: str) -> User | None:
        """Case-insensitive."""
        ...

    async def by_email(self, email: str) -> User | None:
        """Expects a normalised (lower-case) e-mail."""
        ...

    async def search(self, prefix: str | None, page: PageQuery) -> Slice[User]:
        """Newest first; `prefix` matches the start of the e-mail or username, ignoring case."""
        ...
