"""Latency against page depth: keyset cursors (v1) beside offset paging (the Conduit API)."""

import asyncio
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC

import asyncpg

from application.paging import CursorCodec, Position
from application.use_cases.posts.list_posts import PostFilters, cursor_scope
from bench.wrk import run
from entrypoints.composition.secrets import derived_key

PAGE = 20


async def _position_at(dsn: str, depth: int) -> Position:
    """The sort key of the post just before `depth` in the newest-first order."""
    conn = await asyncpg.connect(dsn)
    try:
        row = await conn.fetchrow(
            "SELECT created_at, id FROM posts ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1",
            depth - 1,
        )
    finally:
        await conn.close()
    return Position(row["created_at"].replace(tzinfo=UTC), row["id"])  # stored as naive UTC


def page_paths(dsn: str, secret: str, depth: int) -> dict[str, str]:
    """The same page reached both ways."""
    keyset = f"/api/v1/posts?limit={PAGE}"
    if depth:
        position = asyncio.run(_position_at(dsn, depth))
        keyset += "&cursor=" + CursorCodec(derived_key(secret, "cursors")).encode(
            position, cursor_scope(PostFilters())
        )
    return {"keyset": keyset, "offset": f"/api/articles?limit={PAGE}&offset={depth}"}


def measure_depths(
    origin: str,
    dsn: str,
    secret: str,
    depths: list[int],
    *,
    seconds: int,
    connections: int,
    settle: Callable[[], None],
) -> list[dict[str, object]]:
    """All keyset pages first, then the offset ones, letting the server drain in between: a
    deep offset page can outlast its run, and would slow whatever is measured next."""
    paths = {depth: page_paths(dsn, secret, depth) for depth in depths}
    rows: list[dict[str, object]] = []
    lua = 'wrk.method = "GET"\n'
    for paging in ("keyset", "offset"):
        for depth in depths:
            url = origin + paths[depth][paging]
            run(url, lua, seconds=1, connections=connections)
            load = run(url, lua, seconds=seconds, connections=connections)
            rows.append({"paging": paging, "depth": depth} | asdict(load))
            print(
                f"page depth {depth:>9,} {paging:<7} {load.requests_per_second:>8.1f} rps "
                f"p50 {load.p50_ms:>8.2f} p99 {load.p99_ms:>8.2f} ms err {load.errors}",
                flush=True,
            )
            settle()
    return rows
