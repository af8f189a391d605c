"""The REST API v1: a thin FastAPI adapter over the use cases."""
