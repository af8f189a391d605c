"""Runs wrk (a compiled load generator, in its own process) and reads its report."""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def find_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("wrk is needed: apt-get install wrk (Debian) or brew install wrk.")
    return path


def run(
    url: str,
    lua: str,
    *,
    seconds: int,
    connections: int,
    threads: int = 2,
    report: list[str] | None = None,
) -> Load:
    """`report`, when given, receives wrk's whole report (what the script's `done` printed)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        result = subprocess.run(  # noqa: S603 - wrk, found on PATH
            [
                find_wrk(),
                f"-t{min(threads, connections)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(script.name).unlink()
    if report is not None:
        report.append(result.stdout)
    return parse(result.stdout)


def parse(report: str) -> Load:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))  # type: ignore[union-attr]
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", report, re.MULTILINE))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", report):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    ):
        errors += sum(int(n) for n in match.groups())
    return Load(rps, _ms(percentiles["50"]), _ms(percentiles["99"]), errors)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]
