"""A minimal FastAPI + asyncpg app written by hand for the benchmark: the same JSON for the
same requests from the same database, with direct SQL, one pool and no layers."""
