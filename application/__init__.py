"""Folio's application layer: ports and use cases, over the domain and the standard library."""
