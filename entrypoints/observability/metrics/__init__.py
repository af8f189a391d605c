"""Prometheus metrics: the instruments, what feeds them, and the scrape endpoint."""
