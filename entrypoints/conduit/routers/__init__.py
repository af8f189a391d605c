"""Conduit routers: parse the envelope, call one use case, wrap the result."""
