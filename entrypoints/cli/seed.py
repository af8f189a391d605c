"""Realistic fake data, written in bulk through the storage ports (not the use cases, which
would hash a password per user)."""

import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import TypeVar
from uuid import UUID

from faker import Faker

from application.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory
from domain.posts import Post
from domain.slugs import slugify, with_suffix
from domain.users import Actor, Role, User

T = TypeVar("T")
BATCH = 500
TAG_POOL = 200
SPREAD = timedelta(days=365)
FOLLOWS, FAVORITES, COMMENTS = 10, 10, 2


def rows_to_seed(users: int, posts: int) -> int:
    per_user = min(FOLLOWS, users - 1) + min(FAVORITES, posts) + min(COMMENTS, posts)
    return users + posts + users * per_user


class Seeder:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        password_hash: str,
        now: datetime,
        seed: int,
        progress: Callable[[int], None],
    ) -> None:
        self._uow, self._password_hash, self._now = uow, password_hash, now
        self._progress = progress
        self._random = random.Random(seed)  # noqa: S311 - fake data, not secrets
        self._fake = Faker()
        self._fake.seed_instance(seed)
        self._tags = list(dict.fromkeys(self._fake.word().lower() for _ in range(TAG_POOL * 3)))
        self._tags = self._tags[:TAG_POOL]

    async def users(self, count: int) -> list[User]:
        users = [self._user(i) for i in range(count)]
        await self._in_batches(users, lambda uow, user: uow.users.add(user))
        return users

    async def posts(self, authors: Sequence[User], count: int) -> list[Post]:
        posts = [self._post(i, self._random.choice(authors)) for i in range(count)]
        await self._in_batches(posts, lambda uow, post: uow.posts.add(post))
        return posts

    async def relations(self, users: Sequence[User], posts: Sequence[Post]) -> None:
        """Per user: up to FOLLOWS follows, FAVORITES favorites and COMMENTS comments."""
        ids = [u.id for u in users]
        pairs = []
        for user in users:
            others = [i for i in ids if i != user.id]
            for followee in self._random.sample(others, min(FOLLOWS, len(others))):
                pairs.append(("follow", user.id, followee))
            for post in self._random.sample(list(posts), min(FAVORITES, len(posts))):
                pairs.append(("favorite", user.id, post.id))
            for post in self._random.sample(list(posts), min(COMMENTS, len(posts))):
                pairs.append(("comment", user.id, post.id))

        async def write(uow: UnitOfWork, pair: tuple[str, UUID, UUID]) -> None:
            kind, user_id, other = pair
            if kind == "follow":
                await uow.follows.add(user_id, other)
            elif kind == "favorite":
                await uow.favorites.add(user_id, other)
            else:
                body = self._fake.paragraph()
                await uow.comments.add(
                    post_id=other, author_id=user_id, body=body, created_at=self._when()
                )

        await self._in_batches(pairs, write)

    async def _in_batches(
        self, rows: Sequence[T], write: Callable[[UnitOfWork, T], Awaitable[None]]
    ) -> None:
        for start in range(0, len(rows), BATCH):
            chunk = rows[start : start + BATCH]
            async with self._uow() as uow:
                for row in chunk:
                    await write(uow, row)
                await uow.commit()
            self._progress(len(chunk))

    def _user(self, i: int) -> User:
        name = f"{self._fake.user_name()[:24]}{i}"
        at = self._when()
        user = User.register(
            id=UUID(int=self._random.getrandbits(128), version=4),
            email=f"{name}@example.com",
            username=name.replace(".", "_"),
            password_hash=self._password_hash,
            now=at,
        )
        user.bio = self._fake.sentence()
        return user

    def _post(self, i: int, author: User) -> Post:
        title = self._fake.sentence(nb_words=6).rstrip(".")
        return Post.publish(
            id=UUID(int=self._random.getrandbits(128), version=4),
            slug=with_suffix(slugify(title), f"{i:x}"),
            author=Actor(author.id, Role.MEMBER),
            title=title,
            description=self._fake.sentence(nb_words=12),
            body="\n\n".join(self._fake.paragraphs(nb=4)),
            tags=self._random.sample(self._tags, self._random.randint(0, 5)),
            now=self._when(),
        )

    def _when(self) -> datetime:
        return self._now - SPREAD * self._random.random()
