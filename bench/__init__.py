"""The benchmark harness: Folio against a hand-written FastAPI + asyncpg reference."""
