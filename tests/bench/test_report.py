"""What the benchmark writes from its figures: the Markdown tables and the PNG charts."""

from pathlib import Path

from bench.__main__ import markdown
from bench.charts import draw


def _load(rps: float, p50: float, p99: float, errors: int = 0) -> dict[str, float | int]:
    return {"requests_per_second": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


RESULT: dict[str, object] = {
    "scenarios": [
        {
            "scenario": "get post by slug",
            "connections": 64,
            "folio": _load(900, 60, 120) | {"rss_mib": 110.0, "statements": 3},
            "folio_log_off": _load(1000, 55, 110),
            "reference": _load(1200, 50, 100) | {"rss_mib": 60.0, "statements": 1},
            "ratio": 0.75,
            "log_cost": 0.1,
        },
        {
            "scenario": "Conduit: list 20",
            "connections": 64,
            "folio": _load(400, 100, 300) | {"rss_mib": 110.0, "statements": 2},
            "folio_log_off": _load(410, 100, 290),
            "reference": _load(0, 0, 0) | {"rss_mib": 60.0, "statements": 2},
            "ratio": None,
            "log_cost": 0.02,
        },
    ],
    "log_cost": {
        "path": "/api/v1/posts/post-5",
        "pairs": 4,
        "seconds": 5,
        "median": 0.042,
        "each": [0.05, 0.03, 0.041, 0.043],
    },
    "page_depth": [
        {"paging": "keyset", "depth": 0} | _load(500, 10, 20),
        {"paging": "keyset", "depth": 50_000} | _load(490, 11, 21),
        {"paging": "offset", "depth": 0} | _load(480, 12, 22),
        {"paging": "offset", "depth": 10_000} | _load(40, 150, 300),
        {"paging": "offset", "depth": 50_000} | _load(0, 0, 0),
    ],
    "login_storm": {
        "concurrent_logins": 16,
        "logins": _load(6.5, 2400, 3000),
        "liveness": _load(800, 1.2, 7.5),
        "peak_rss_mib": 240.0,
    },
}


def test_the_markdown_carries_every_figure() -> None:
    text = markdown(RESULT)
    assert (
        "| get post by slug | 900 | 60.00 | 120.00 | 0 | 3 | 110.0 | 1000 | 10 % | 1200 |" in text
    )
    assert "| 0 | 0.00 | 0.00 | 2 | - |" in text  # the reference answered nothing
    assert "| 10,000 | offset | 40.0 | 150.00 | 300.00 | 0 |" in text
    assert "| 50,000 | offset | 0.0 | none answered in the run | - | 0 |" in text
    assert "16 concurrent logins: 6.5 logins/s, 0 errors" in text
    assert "p50 1.20 ms, p99 7.50 ms" in text
    assert "peak RSS over the whole run 240.0 MiB" in text
    assert (
        "Access log cost, /api/v1/posts/post-5, 4 pairs of 5 s (log on against "
        "LOG_LEVEL=WARNING): median 4.2 % of throughput (5 %, 3 %, 4 %, 4 %)." in text
    )


def test_charts_are_written_as_png_files(tmp_path: Path) -> None:
    written = draw(RESULT, tmp_path)
    assert sorted(p.name for p in written) == [
        "p99_ms.png",
        "page_depth.png",
        "requests_per_second.png",
    ]
    for path in written:
        assert path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
