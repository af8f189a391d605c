"""PNG charts of a benchmark result: throughput and p99 per scenario, Folio (access log on and
off) beside the reference, and latency against page depth."""

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt


def draw(result: dict[str, Any], folder: Path) -> list[Path]:
    written = [
        _per_scenario(result, "requests_per_second", "requests/s (higher is better)", folder),
        _per_scenario(result, "p99_ms", "p99 latency, ms (lower is better)", folder),
    ]
    if result.get("page_depth"):
        written.append(_page_depth(result["page_depth"], folder))
    return written


def _per_scenario(result: dict[str, Any], metric: str, label: str, folder: Path) -> Path:
    rows = result["scenarios"]
    names = [row["scenario"] for row in rows]
    positions = range(len(names))
    figure, axes = plt.subplots(figsize=(10, 6))
    series = [
        ("folio", "Folio as shipped (access log on)"),
        ("folio_log_off", "Folio, access log off"),
        ("reference", "reference (FastAPI + asyncpg)"),
    ]
    # Results from before the log-off column have two series.
    series = [(key, name) for key, name in series if all(key in r for r in rows)]
    width = 0.8 / len(series)
    for i, (key, name) in enumerate(series):
        offset = (i - (len(series) - 1) / 2) * width
        axes.barh(
            [p + offset for p in positions], [r[key][metric] for r in rows], width, label=name
        )
    axes.set_yticks(list(positions), names)
    axes.invert_yaxis()
    axes.set_xlabel(label)
    axes.legend()
    figure.tight_layout()
    path = folder / f"{metric}.png"
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path


def _page_depth(rows: list[dict[str, Any]], folder: Path) -> Path:
    figure, axes = plt.subplots(figsize=(8, 5))
    for paging, style in (("keyset", "o-"), ("offset", "s--")):
        points = sorted((r["depth"], r["p50_ms"]) for r in rows if r["paging"] == paging)
        axes.plot([d for d, _ in points], [ms for _, ms in points], style, label=paging)
    axes.set_xlabel("posts skipped before the page")
    axes.set_ylabel("p50 latency, ms")
    axes.legend()
    figure.tight_layout()
    path = folder / "page_depth.png"
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path
