"""After extraction: typed settings and records, the processing stages, their wiring, and the `satark` CLI."""
