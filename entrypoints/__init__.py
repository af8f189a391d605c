"""Entrypoints: the composition root and the inbound adapters (HTTP, command line)."""
