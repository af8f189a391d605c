"""The RealWorld (Conduit) API: a second inbound HTTP adapter over the same use cases."""
