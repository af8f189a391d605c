"""The reference. Deliberately flat: one module, one pool, one query per read where SQL can do
it. Not a product: no validation beyond what the scenarios send."""

import asyncio
import base64
import hashlib
import os
import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import jwt
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from fastapi import FastAPI, Header, HTTPException, Request, Response

DSN = os.environ["REFERENCE_DSN"]
SECRET = os.environ["JWT_SECRET"].encode()
ISSUER, AUDIENCE, CONDUIT_AUDIENCE = "folio", "folio-api", "folio-conduit"
hasher = PasswordHasher()
hashing = asyncio.Semaphore(os.cpu_count() or 1)

POST_COLUMNS = """
  p.id, p.slug, p.title, p.description, p.body, p.created_at, p.updated_at, p.version,
  u.username, u.bio, u.image,
  (SELECT count(*) FROM favorites f WHERE f.post_id = p.id) AS favorites_count,
  EXISTS (SELECT 1 FROM favorites f WHERE f.post_id = p.id AND f.user_id = $1) AS favorited,
  EXISTS (SELECT 1 FROM follows w WHERE w.follower_id = $1 AND w.followee_id = p.author_id)
    AS following,
  COALESCE((SELECT array_agg(t.tag ORDER BY t.position) FROM post_tags t
            WHERE t.post_id = p.id), '{}') AS tags
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = await asyncpg.create_pool(DSN, min_size=10, max_size=20)
    yield
    await app.state.pool.close()


app = FastAPI(lifespan=lifespan, openapi_url=None)


def iso(at: datetime) -> str:
    return at.isoformat() + "Z"


def post_json(row: Any) -> dict[str, Any]:
    return {
        "slug": row["slug"],
        "title": row["title"],
        "description": row["description"],
        "body": row["body"],
        "tags": list(row["tags"]),
        "author": {
            "username": row["username"],
            "bio": row["bio"],
            "image": row["image"],
            "following": row["following"],
        },
        "created_at": iso(row["created_at"]),
        "updated_at": iso(row["updated_at"]),
        "favorited": row["favorited"],
        "favorites_count": row["favorites_count"],
        "version": row["version"],
    }


async def viewer_id(
    request: Request,
    authorization: str | None,
    *,
    required: bool,
    scheme: str = "Bearer ",
    audience: str = AUDIENCE,
) -> uuid.UUID | None:
    if not authorization:
        if required:
            raise HTTPException(401)
        return None
    try:
        claims = jwt.decode(
            authorization.removeprefix(scheme),
            SECRET,
            algorithms=["HS256"],
            audience=audience,
            issuer=ISSUER,
        )
    except jwt.PyJWTError as e:
        raise HTTPException(401) from e
    user_id = uuid.UUID(claims["sub"])
    active = await request.app.state.pool.fetchval(
        "SELECT is_active FROM users WHERE id = $1", user_id
    )
    if not active:
        raise HTTPException(401)
    return user_id


def page(rows: list[Any], limit: int) -> dict[str, Any]:
    items = [post_json(r) for r in rows[:limit]]
    cursor = None
    if len(rows) > limit:
        last = rows[limit - 1]
        cursor = base64.urlsafe_b64encode(f"{last['created_at']}|{last['id']}".encode()).decode()
    return {"items": items, "next_cursor": cursor}


@app.get("/api/v1/posts/feed")
async def feed(
    request: Request, limit: int = 20, authorization: str | None = Header(None)
) -> dict[str, Any]:
    viewer = await viewer_id(request, authorization, required=True)
    rows = await request.app.state.pool.fetch(
        f"SELECT {POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id "
        "WHERE p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1) "
        "ORDER BY p.created_at DESC, p.id DESC LIMIT $2",
        viewer,
        limit + 1,
    )
    return page(rows, limit)


@app.get("/api/v1/posts")
async def list_posts(
    request: Request, limit: int = 20, authorization: str | None = Header(None)
) -> dict[str, Any]:
    viewer = await viewer_id(request, authorization, required=False)
    rows = await request.app.state.pool.fetch(
        f"SELECT {POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id "
        "ORDER BY p.created_at DESC, p.id DESC LIMIT $2",
        viewer,
        limit + 1,
    )
    return page(rows, limit)


@app.get("/api/v1/posts/{slug}")
async def get_post(
    request: Request, slug: str, response: Response, authorization: str | None = Header(None)
) -> dict[str, Any]:
    viewer = await viewer_id(request, authorization, required=False)
    row = await request.app.state.pool.fetchrow(
        f"SELECT {POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.slug = $2",
        viewer,
        slug,
    )
    if row is None:
        raise HTTPException(404)
    response.headers["ETag"] = f'"{row["version"]}"'
    return post_json(row)


@app.get("/api/v1/users/me")
async def me(request: Request, authorization: str | None = Header(None)) -> dict[str, Any]:
    viewer = await viewer_id(request, authorization, required=True)
    row = await request.app.state.pool.fetchrow("SELECT * FROM users WHERE id = $1", viewer)
    return {
        "id": str(row["id"]),
        "email": row["email"],
        "username": row["username"],
        "bio": row["bio"],
        "image": row["image"],
        "role": row["role"],
        "is_active": row["is_active"],
        "created_at": iso(row["created_at"]),
        "updated_at": iso(row["updated_at"]),
    }


@app.post("/api/v1/posts", status_code=201)
async def create_post(
    request: Request, response: Response, authorization: str | None = Header(None)
) -> dict[str, Any]:
    viewer = await viewer_id(request, authorization, required=True)
    body = await request.json()
    now = datetime.now(UTC).replace(tzinfo=None)
    post_id = uuid.uuid4()
    slug = f"{body['title'].lower().replace(' ', '-')}-{secrets.token_hex(8)}"
    async with request.app.state.pool.acquire() as conn, conn.transaction():
        await conn.execute(
            "INSERT INTO posts (id, slug, title, description, body, author_id, created_at, "
            "updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, 1)",
            post_id,
            slug,
            body["title"],
            body.get("description", ""),
            body["body"],
            viewer,
            now,
        )
        await conn.executemany(
            "INSERT INTO post_tags (post_id, tag, position) VALUES ($1, $2, $3)",
            [(post_id, t, i) for i, t in enumerate(body.get("tags", []))],
        )
        row = await conn.fetchrow(
            f"SELECT {POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id "
            "WHERE p.id = $2",
            viewer,
            post_id,
        )
    response.headers["Location"] = f"/api/v1/posts/{slug}"
    return post_json(row)


@app.post("/api/v1/auth/login")
async def login(request: Request, response: Response) -> dict[str, Any]:
    body = await request.json()
    pool = request.app.state.pool
    row = await pool.fetchrow(
        "SELECT id, password_hash FROM users WHERE lower(username) = lower($1)", body["login"]
    )
    if row is None:
        raise HTTPException(401)
    async with hashing:
        try:
            await asyncio.to_thread(hasher.verify, row["password_hash"], body["password"])
        except VerificationError as e:
            raise HTTPException(401) from e
    now = datetime.now(UTC)
    token = jwt.encode(
        {
            "sub": str(row["id"]),
            "iat": now,
            "exp": now + timedelta(minutes=15),
            "jti": secrets.token_hex(16),
            "iss": ISSUER,
            "aud": AUDIENCE,
        },
        SECRET,
        algorithm="HS256",
        headers={"typ": "at+jwt"},
    )
    refresh = secrets.token_urlsafe(32)
    await pool.execute(
        "INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at) "
        "VALUES ($1, $2, $3, $4)",
        hashlib.sha256(refresh.encode()).hexdigest(),
        uuid.uuid4(),
        row["id"],
        (now + timedelta(days=30)).replace(tzinfo=None),
    )
    response.headers["Cache-Control"] = "no-store"
    return {
        "access_token": token,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": 900,
    }


# The Conduit API: the same reads in its shapes, with an exact articlesCount per list.


async def conduit_viewer(
    request: Request, authorization: str | None, *, required: bool
) -> uuid.UUID | None:
    return await viewer_id(
        request, authorization, required=required, scheme="Token ", audience=CONDUIT_AUDIENCE
    )


def article_json(row: Any, *, with_body: bool) -> dict[str, Any]:
    article = {
        "slug": row["slug"],
        "title": row["title"],
        "description": row["description"],
        "tagList": list(row["tags"]),
        "createdAt": iso(row["created_at"]),
        "updatedAt": iso(row["updated_at"]),
        "favorited": row["favorited"],
        "favoritesCount": row["favorites_count"],
        "author": {
            "username": row["username"],
            "bio": row["bio"] or None,
            "image": row["image"],
            "following": row["following"],
        },
    }
    if with_body:
        article["body"] = row["body"]
    return article


FOLLOWED = "p.author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1)"


async def articles(
    request: Request, viewer: uuid.UUID | None, limit: int, offset: int, *, feed: bool
) -> Any:
    pool = request.app.state.pool
    where = f"WHERE {FOLLOWED}" if feed else ""
    rows = await pool.fetch(
        f"SELECT {POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id {where} "
        "ORDER BY p.created_at DESC, p.id DESC LIMIT $2 OFFSET $3",
        viewer,
        limit,
        offset,
    )
    if feed:
        count = await pool.fetchval(f"SELECT count(*) FROM posts p WHERE {FOLLOWED}", viewer)
    else:
        count = await pool.fetchval("SELECT count(*) FROM posts")
    return {"articles": [article_json(r, with_body=False) for r in rows], "articlesCount": count}


@app.get("/api/articles/feed")
async def conduit_feed(
    request: Request, limit: int = 20, offset: int = 0, authorization: str | None = Header(None)
) -> Any:
    viewer = await conduit_viewer(request, authorization, required=True)
    return await articles(request, viewer, limit, offset, feed=True)


@app.get("/api/articles")
async def conduit_list(
    request: Request, limit: int = 20, offset: int = 0, authorization: str | None = Header(None)
) -> Any:
    viewer = await conduit_viewer(request, authorization, required=False)
    return await articles(request, viewer, limit, offset, feed=False)


@app.get("/api/articles/{slug}")
async def conduit_article(
    request: Request, slug: str, authorization: str | None = Header(None)
) -> Any:
    viewer = await conduit_viewer(request, authorization, required=False)
    row = await request.app.state.pool.fetchrow(
        f"SELECT {POST_COLUMNS} FROM posts p JOIN users u ON u.id = p.author_id WHERE p.slug = $2",
        viewer,
        slug,
    )
    if row is None:
        raise HTTPException(404)
    return {"article": article_json(row, with_body=True)}


@app.get("/api/user")
async def conduit_user(request: Request, authorization: str | None = Header(None)) -> Any:
    viewer = await conduit_viewer(request, authorization, required=True)
    row = await request.app.state.pool.fetchrow(
        "SELECT email, username, bio, image FROM users WHERE id = $1", viewer
    )
    return {
        "user": {
            "email": row["email"],
            "token": (authorization or "").removeprefix("Token "),
            "username": row["username"],
            "bio": row["bio"] or None,
            "image": row["image"],
        }
    }
