"""Routers: parse input, call one use case, shape the result."""
