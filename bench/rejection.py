"""`python -m bench.rejection` (part of `make bench`): what refusing an abusive body costs a
served process: a JSON body of 65 536 unknown fields (about 700 KiB), sent to
POST /api/v1/auth/register. Measures the rejection's latency alone, then GET
/api/v1/health/live while four clients send such bodies back to back. Storage is not
involved (memory://). Writes docs/results/rejection/latest.{json,md}."""

import asyncio
import json
import secrets
import signal
import statistics
import sys
import time

import httpx

from bench import RESULTS
from bench.__main__ import uvicorn, wait_ready
from tests.support import free_port

REJECTION_RESULTS = RESULTS / "rejection"
FLOOD = json.dumps({f"{n:x}": 0 for n in range(65_536)}).encode()
HEADERS = {"Content-Type": "application/json"}


async def timed(client: httpx.AsyncClient, method: str, path: str, **kwargs: object) -> float:
    started = time.perf_counter()
    response = await client.request(method, path, **kwargs)  # type: ignore[arg-type]
    assert response.status_code in (200, 422), response.status_code
    return (time.perf_counter() - started) * 1000


async def live_latencies(client: httpx.AsyncClient, seconds: float) -> list[float]:
    latencies, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        latencies.append(await timed(client, "GET", "/api/v1/health/live"))
        await asyncio.sleep(0.01)
    return latencies


async def measure(origin: str, seconds: float) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=origin, timeout=60) as client:
        rejections = [
            await timed(client, "POST", "/api/v1/auth/register", content=FLOOD, headers=HEADERS)
            for _ in range(20)
        ]
        idle = await live_latencies(client, seconds)
        stop = time.monotonic() + seconds

        async def sender() -> None:
            async with httpx.AsyncClient(base_url=origin, timeout=60) as own:
                while time.monotonic() < stop:
                    await own.post("/api/v1/auth/register", content=FLOOD, headers=HEADERS)

        senders = [asyncio.create_task(sender()) for _ in range(4)]
        flooded = await live_latencies(client, seconds)
        await asyncio.gather(*senders)
    return {
        "rejection_p50_ms": round(statistics.median(rejections), 1),
        "rejection_max_ms": round(max(rejections), 1),
        "live_p50_idle_ms": round(statistics.median(idle), 2),
        "live_p50_under_flood_ms": round(statistics.median(flooded), 2),
        "live_max_under_flood_ms": round(max(flooded), 2),
    }


def main() -> int:
    port = free_port()
    server = uvicorn(
        "entrypoints.host.app:create_app",
        port,
        {
            "DATABASE_URL": "memory://",
            "JWT_SECRET": secrets.token_urlsafe(48),
            "APP_ENV": "production",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DOCS_ENABLED": "false",
        },
        factory=True,
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/api/v1/health/ready")
        result = asyncio.run(measure(f"http://127.0.0.1:{port}", seconds=5))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=15)
    line = (
        f"A 65 536-field body ({len(FLOOD) // 1024} KiB) is refused in "
        f"{result['rejection_p50_ms']} ms (p50, max {result['rejection_max_ms']} ms). "
        f"GET /api/v1/health/live p50: {result['live_p50_idle_ms']} ms idle, "
        f"{result['live_p50_under_flood_ms']} ms while 4 clients send such bodies "
        f"(max {result['live_max_under_flood_ms']} ms).\n"
    )
    REJECTION_RESULTS.mkdir(parents=True, exist_ok=True)
    (REJECTION_RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    (REJECTION_RESULTS / "latest.md").write_text(line)
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
