"""Latency against page depth: keyset cursors (v1) beside offset paging (the Conduit API)."""

import asyncio
from dataclasses import asdict
from datetime import UTC

import asyncpg

from application.paging import CursorCodec, Position
from bench.wrk import run
from entrypoints.secrets import derived_key

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
        keyset += "&cursor=" + CursorCodec(derived_key(secret, "cursors")).encode(position)
    return {"keyset": keyset, "offset": f"/api/articles?limit={PAGE}&offset={depth}"}


def measure_depths(
    origin: str, dsn: str, secret: str, depths: list[int], *, seconds: int, connections: int
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    lua = 'wrk.method = "GET"\n'
    for depth in depths:
        for paging, path in page_paths(dsn, secret, depth).items():
            run(origin + path, lua, seconds=1, connections=connections)
            load = run(origin + path, lua, seconds=seconds, connections=connections)
            rows.append({"paging": paging, "depth": depth} | asdict(load))
            print(
                f"page depth {depth:>9,} {paging:<7} {load.requests_per_second:>8.0f} rps "
                f"p50 {load.p50_ms:>8.2f} p99 {load.p99_ms:>8.2f} ms err {load.errors}",
                flush=True,
            )
    return rows
