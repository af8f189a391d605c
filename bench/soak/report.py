"""What the soak saw, per phase: a phase is a fault's window (from the fault until a minute
after it ended), or steady running between faults."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.soak.load import Sample

AFTER_FAULT_SECONDS = 60


@dataclass(frozen=True)
class Fault:
    name: str
    at: float  # seconds since the load began
    lasted: float


def phase_of(at: float, faults: list[Fault]) -> str:
    for fault in faults:
        if fault.at <= at < fault.at + fault.lasted + AFTER_FAULT_SECONDS:
            return fault.name
    return "steady"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def per_phase(samples: list[Sample], faults: list[Fault]) -> list[dict[str, Any]]:
    phases: dict[str, list[Sample]] = {}
    for sample in samples:
        phases.setdefault(phase_of(sample.at, faults), []).append(sample)
    order = ["steady", *(fault.name for fault in faults)]
    rows = []
    for name in order:
        inside = phases.get(name, [])
        row: dict[str, Any] = {"phase": name, "requests": len(inside)}
        row["error_rate"] = round(sum(not s.ok for s in inside) / len(inside), 4) if inside else 0
        for kind in ("read", "write"):
            latencies = [s.latency * 1000 for s in inside if s.kind == kind and s.ok]
            row[f"{kind}_p50_ms"] = round(percentile(latencies, 0.5), 1)
            row[f"{kind}_p99_ms"] = round(percentile(latencies, 0.99), 1)
        rows.append(row)
    return rows


def rss_drift(series: list[dict[str, Any]], warm_up: float) -> dict[str, dict[str, float]]:
    """Per process: its resident memory once warmed up (`warm_up` seconds after its first
    sample) and at the end, and the change (MiB). Each is the lowest sample of a window (a
    sixth of the process's samples, at least three): a login or sign-up borrows argon2's
    64 MiB for the moment it hashes, which says nothing of what the process keeps. A process
    restarted by a fault is its last start's."""
    drift = {}
    for name in sorted({name for point in series for name in point["rss_mib"]}):
        last_pid = next(p["pid"][name] for p in reversed(series) if name in p["pid"])
        values = [(p["at"], p["rss_mib"][name]) for p in series if p["pid"].get(name) == last_pid]
        warmed = [value for at, value in values if at >= values[0][0] + warm_up]
        later = warmed or [value for _, value in values]
        window = max(3, len(later) // 6)
        first, last = min(later[:window]), min(later[-window:])
        drift[name] = {"after_warm_up": first, "end": last, "change": round(last - first, 1)}
    return drift


def markdown(result: dict[str, Any]) -> str:
    writes, live, mail = result["writes"], result["live"], result["mail"]
    lines = [
        f"Soak of {result['minutes']:g} minutes: two instances and a worker behind nginx, "
        "PostgreSQL and Redis; faults at the times below (seconds into the load).",
        "",
        "| Phase | requests | error rate | read p50 / p99 ms | write p50 / p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in result["phases"]:
        lines.append(
            f"| {row['phase']} | {row['requests']} | {row['error_rate']:.2%} "
            f"| {row['read_p50_ms']} / {row['read_p99_ms']} "
            f"| {row['write_p50_ms']} / {row['write_p99_ms']} |"
        )
    lines += [
        "",
        "Faults: "
        + ", ".join(
            f"{f['name']} at {f['at']:.0f} s for {f['lasted']:.0f} s" for f in result["faults"]
        ),
        "",
        f"Writes acknowledged: {writes['acknowledged']}; lost: {writes['lost']}; duplicated: "
        f"{writes['duplicated']}; given up on after retrying: {writes['abandoned']}.",
        f"Live sockets: {live['sockets']}, events received {live['events']}, reconnected "
        f"{live['reconnects']} times, resumed {live['resumed']}, "
        f"asked to resync {live['resyncs']}.",
        f"Mail: {mail['registrations']} sign-ups, {mail['expected']} mails expected, "
        f"{mail['received']} received, {mail['duplicated']} duplicated, "
        f"outbox pending at the end {mail['pending_at_end']}.",
        "",
        "| Process | RSS after warm-up MiB (lowest of a window) | at the end | change |",
        "|---|---:|---:|---:|",
    ]
    for name, drift in result["rss_drift"].items():
        lines.append(
            f"| {name} | {drift['after_warm_up']} | {drift['end']} | {drift['change']:+} |"
        )
    return "\n".join(lines) + "\n"


def chart(result: dict[str, Any], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (memory, latency) = plt.subplots(2, 1, figsize=(10, 8), sharex=True)
    series = result["rss_series"]
    for name in sorted({n for point in series for n in point["rss_mib"]}):
        points = [(p["at"] / 60, p["rss_mib"][name]) for p in series if name in p["rss_mib"]]
        memory.plot(*zip(*points, strict=True), label=name)
    memory.set_ylabel("RSS, MiB (spikes: a hash's 64 MiB)")
    memory.legend()
    per_minute = result["p99_per_minute"]
    latency.plot([m["minute"] for m in per_minute], [m["p99_ms"] for m in per_minute], label="p99")
    latency.plot([m["minute"] for m in per_minute], [m["p50_ms"] for m in per_minute], label="p50")
    latency.set_yscale("log")
    latency.set_ylabel("latency of successful requests, ms")
    latency.set_xlabel("minutes into the load")
    for fault in result["faults"]:
        for axes in (memory, latency):
            axes.axvline(fault["at"] / 60, color="grey", linestyle=":")
        latency.annotate(
            fault["name"],
            (fault["at"] / 60, 0.02),
            xycoords=("data", "axes fraction"),
            rotation=90,
            fontsize=7,
        )
    latency.legend()
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return path


def per_minute(samples: list[Sample]) -> list[dict[str, float]]:
    minutes: dict[int, list[float]] = {}
    for sample in samples:
        if sample.ok:
            minutes.setdefault(int(sample.at // 60), []).append(sample.latency * 1000)
    return [
        {
            "minute": m,
            "p50_ms": round(percentile(v, 0.5), 1),
            "p99_ms": round(percentile(v, 0.99), 1),
        }
        for m, v in sorted(minutes.items())
    ]
