"""A realistic dataset written with COPY straight into Folio's schema (migrated first)."""

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg
from argon2 import PasswordHasher
from tqdm import tqdm

BENCH_USER, BENCH_PASSWORD = "bench", "bench password 123"
TAG_POOL = [f"tag{i}" for i in range(200)]
YEAR = timedelta(days=365)


@dataclass(frozen=True)
class Seeded:
    users: int
    posts: int
    sample_slug: str


def _naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None)


async def seed(dsn: str, *, users: int, posts: int, seed: int = 7) -> Seeded:
    rng = random.Random(seed)  # noqa: S311 - fake data
    now = datetime.now(UTC)
    password_hash = PasswordHasher().hash(BENCH_PASSWORD)  # production parameters
    user_ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(users)]
    conn = await asyncpg.connect(dsn)
    try:
        with tqdm(total=5, desc="seeding", unit="table") as bar:
            await conn.copy_records_to_table(
                "users",
                records=[
                    (
                        uid,
                        f"{_name(i)}@example.com",
                        _name(i),
                        password_hash,
                        "A bio.",
                        None,
                        "member",
                        True,
                        _naive(now - YEAR),
                        _naive(now - YEAR),
                    )
                    for i, uid in enumerate(user_ids)
                ],
                columns=[
                    "id",
                    "email",
                    "username",
                    "password_hash",
                    "bio",
                    "image",
                    "role",
                    "is_active",
                    "created_at",
                    "updated_at",
                ],
            )
            bar.update()
            post_rows, tag_rows = [], []
            for i in range(posts):
                pid = uuid.UUID(int=rng.getrandbits(128), version=4)
                at = _naive(now - YEAR * rng.random())
                post_rows.append(
                    (
                        pid,
                        f"post-{i}",
                        f"Post number {i}",
                        "A short description of the post.",
                        "Body text. " * 40,
                        rng.choice(user_ids),
                        at,
                        at,
                        1,
                    )
                )
                tag_rows += [
                    (pid, tag, n) for n, tag in enumerate(rng.sample(TAG_POOL, rng.randint(0, 5)))
                ]
            await conn.copy_records_to_table(
                "posts",
                records=post_rows,
                columns=[
                    "id",
                    "slug",
                    "title",
                    "description",
                    "body",
                    "author_id",
                    "created_at",
                    "updated_at",
                    "version",
                ],
            )
            bar.update()
            await conn.copy_records_to_table(
                "post_tags", records=tag_rows, columns=["post_id", "tag", "position"]
            )
            bar.update()
            post_ids = [row[0] for row in post_rows]
            follows = {(u, f) for u in user_ids for f in rng.sample(user_ids, 20) if f != u}
            favorites = {(u, rng.choice(post_ids)) for u in user_ids for _ in range(20)}
            await conn.copy_records_to_table(
                "follows",
                records=[(a, b, _naive(now)) for a, b in follows],
                columns=["follower_id", "followee_id", "created_at"],
            )
            await conn.copy_records_to_table(
                "favorites",
                records=[(u, p, _naive(now)) for u, p in favorites],
                columns=["user_id", "post_id", "created_at"],
            )
            bar.update()
            await conn.copy_records_to_table(
                "comments",
                records=[
                    (rng.choice(post_ids), rng.choice(user_ids), "A comment.", _naive(now))
                    for _ in range(posts // 10)
                ],
                columns=["post_id", "author_id", "body", "created_at"],
            )
            # As autovacuum would leave it: planner statistics, and a visibility map so that
            # index-only scans need not visit the heap.
            await conn.execute("VACUUM ANALYZE")
            bar.update()
    finally:
        await conn.close()
    return Seeded(users, posts, sample_slug=f"post-{posts // 2}")


def _name(i: int) -> str:
    # User 0 is the benchmark's own user, who follows 20 others like everybody.
    return BENCH_USER if i == 0 else f"user{i}"
