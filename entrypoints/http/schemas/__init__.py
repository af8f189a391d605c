"""Request and response schemas of the REST API, separate from domain types."""
