"""The embedded SQLite FTS5 backend: one local file, no server (`SqliteFtsIndex`).

Modules: schema (DDL, schema version, in-place migrations), migrate (create, upgrade or refuse a file),
records (documents <-> rows), fts5_query (parsed query -> MATCH string), search (SQL of one query), backend.
"""

from index.sqlite.backend import SqliteFtsIndex

__all__ = ["SqliteFtsIndex"]
