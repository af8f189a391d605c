"""Use cases: one per user intention."""
