"""The SQL system of record (SQLite by default, any SQLAlchemy URL): articles, raw pages, classifications,
crawl state and the index outbox."""
