"""A login storm, with the liveness probe measured while it lasts: argon2 runs in its own
bounded thread pool, so the event loop should keep answering."""

import subprocess
import threading
from dataclasses import asdict
from pathlib import Path

from bench.wrk import Load, run


def peak_rss_mib(pid: int) -> float:
    """The process's high-water mark since it started (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def login_storm(
    origin: str,
    server: subprocess.Popen[bytes],
    login_lua: str,
    *,
    seconds: int,
    logins: int = 16,
) -> dict[str, object]:
    probe: dict[str, Load] = {}

    def watch_liveness() -> None:
        probe["load"] = run(
            origin + "/api/v1/health/live", 'wrk.method = "GET"\n', seconds=seconds, connections=1
        )

    watcher = threading.Thread(target=watch_liveness)
    watcher.start()
    storm = run(origin + "/api/v1/auth/login", login_lua, seconds=seconds, connections=logins)
    watcher.join()
    result = {
        "concurrent_logins": logins,
        "logins": asdict(storm),
        "liveness": asdict(probe["load"]),
        "peak_rss_mib": round(peak_rss_mib(server.pid), 1),
    }
    print(
        f"login storm ({logins} at once): {storm.requests_per_second:.1f} logins/s, "
        f"errors {storm.errors}; /health/live p50 {probe['load'].p50_ms:.2f} ms "
        f"p99 {probe['load'].p99_ms:.2f} ms; peak RSS {result['peak_rss_mib']} MiB",
        flush=True,
    )
    return result
