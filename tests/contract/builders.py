"""Rows for the contract suite, written straight through the ports."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

from application.ports.sessions import SessionRecord
from application.ports.unit_of_work import UnitOfWork
from domain.posts import Post
from domain.users import Actor, Role, User

T0 = datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC)


def a_user(name: str, *, at: datetime = T0) -> User:
    return User.register(
        id=uuid4(), email=f"{name}@example.com", username=name, password_hash="hash", now=at
    )


def a_post(author: User, title: str, *, at: datetime = T0, tags: tuple[str, ...] = ()) -> Post:
    return Post.publish(
        id=uuid4(),
        slug=title.lower().replace(" ", "-"),
        author=Actor(author.id, Role.MEMBER),
        title=title,
        description=f"About {title}",
        body="Body",
        tags=tags,
        now=at,
    )


async def stored_users(uow: UnitOfWork, *names: str) -> list[User]:
    users = [a_user(name, at=T0 + timedelta(seconds=i)) for i, name in enumerate(names)]
    for user in users:
        await uow.users.add(user)
    return users


def a_session(
    user_id: UUID, *, used_at: datetime = T0, expires_at: datetime = T0 + timedelta(days=30)
) -> SessionRecord:
    return SessionRecord(
        id=uuid4(),
        user_id=user_id,
        label="Firefox on Ubuntu",
        created_at=T0,
        last_used_at=used_at,
        authenticated_at=T0,
        last_address="192.0.2.7",
        expires_at=expires_at,
    )


async def stored_session(uow: UnitOfWork, user_id: UUID, **times: datetime) -> SessionRecord:
    session = a_session(user_id, **times)
    await uow.sessions.add(session)
    return session
