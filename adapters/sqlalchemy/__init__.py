"""SQLAlchemy 2 (Core, async) storage for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""
