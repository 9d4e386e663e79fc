"""A real Elasticsearch node for tests and development (see README.md)."""
