"""Bring an index file to the current schema: create it, upgrade an older version in place, or refuse.

An older file is migrated rather than rejected, so a pipeline upgraded in place keeps searching; the migration
marks the file for a refill from the store (`index_meta`), because only the store knows the values of the new
fields. A file of an unknown version, or a foreign database with a `documents` table, is never touched.
"""

from __future__ import annotations

import sqlite3

from index.errors import IndexUnavailable
from index.sqlite.schema import (
    CREATE_STATEMENTS,
    DOCUMENTS_TABLE,
    LATER_INDEXES,
    META_TABLE,
    MIGRATIONS,
    REFILL_KEY,
    SCHEMA_VERSION,
)


def _version(conn: sqlite3.Connection, path: str) -> int:
    """The file's schema version; 0 for a new, empty file."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version == SCHEMA_VERSION or version in MIGRATIONS:
        return version
    if version != 0:
        raise IndexUnavailable(
            f"search index {path} has schema version {version}, expected {SCHEMA_VERSION}; "
            "delete the file and re-index"
        )
    existing = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (DOCUMENTS_TABLE,))
    if existing.fetchone()[0]:
        raise IndexUnavailable(f"{path} already holds a '{DOCUMENTS_TABLE}' table of another schema")
    return 0


def _upgrade(conn: sqlite3.Connection, version: int) -> None:
    if version == 0:
        for statement in CREATE_STATEMENTS:
            conn.execute(statement)
        return
    while version < SCHEMA_VERSION:
        for statement in MIGRATIONS[version]:
            conn.execute(statement)
        version += 1
    # Indexes a migration dropped to redefine come back in the same transaction.
    for _, statement in LATER_INDEXES:
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def ensure_schema(conn: sqlite3.Connection, path: str) -> None:
    """Make the file current (in one write transaction when it is not) and add indexes that came later."""
    if _version(conn, path) != SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Check again under the write lock: another process may have created or migrated it meanwhile.
            version = _version(conn, path)
            if version != SCHEMA_VERSION:
                _upgrade(conn, version)
        except (sqlite3.Error, IndexUnavailable):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    existing = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for name, statement in LATER_INDEXES:
        if name not in existing:
            conn.execute(statement)


def needs_refill(conn: sqlite3.Connection) -> bool:
    """True while a migrated file waits for its refill from the store (a rebuild recreates `index_meta`)."""
    row = conn.execute(f"SELECT 1 FROM {META_TABLE} WHERE key = ?", (REFILL_KEY,)).fetchone()
    return row is not None
