"""The benchmark harness: Folio against a hand-written FastAPI + asyncpg reference."""

from pathlib import Path

# Published with the documentation: docs/benchmarks.md shows their charts.
RESULTS = Path(__file__).parents[1] / "docs" / "results"
