"""`python -m tests.conformance`: the official RealWorld suite against a live Folio server."""
