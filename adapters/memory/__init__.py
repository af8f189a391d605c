"""In-memory storage: a supported backend (`DATABASE_URL=memory://`) with real transactions."""
