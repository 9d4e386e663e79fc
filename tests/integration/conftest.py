"""Integration tests: real crawls of the demo sites on loopback (the shared crawl is `crawled`, tests/conftest.py)."""
