"""Index files and indices as older releases wrote them, to test in-place upgrades.

Each is made from today's layout minus what the newer versions added, which is exactly what the older version
had: SQLite schema 2 and Elasticsearch mapping 3 lacked the article kind and the claim-level flag fields (and
SQLite's facet index did not cover kind and flag reasons); SQLite schema 1 and Elasticsearch mapping 2 also
lacked the hostility labels (and SQLite's `index_meta`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from elasticsearch import Elasticsearch

from index import IndexDocument, open_index
from index.elasticsearch.mapping import META_VERSION_KEY, alias_name, index_template, versioned_name
from index.elasticsearch.records import document_to_source
from index.sqlite.schema import DOCUMENTS_TABLE, META_TABLE

# Fields the newest version added, per older version (the union of every later step).
CLAIM_FIELDS: tuple[str, ...] = ("kind", "flag_reasons", "evidence", "claim", "verdict", "match_url")
_ADDED_SINCE_ES: dict[int, tuple[str, ...]] = {3: CLAIM_FIELDS, 2: ("hostility", *CLAIM_FIELDS)}


def _sqlite_drop_claims(conn: sqlite3.Connection) -> None:
    conn.execute("DROP INDEX documents_facets")
    for column in CLAIM_FIELDS:
        conn.execute(f"ALTER TABLE {DOCUMENTS_TABLE} DROP COLUMN {column}")
    conn.execute(f"CREATE INDEX documents_facets ON {DOCUMENTS_TABLE}(source, language, sentiment, flagged, hostility)")


def sqlite_version_2(path: Path, docs: Iterable[IndexDocument]) -> None:
    """An SQLite index file of schema version 2 holding `docs` (without kinds, flag reasons and evidence)."""
    with open_index("sqlite", path=path) as index:
        index.upsert(docs)
    with sqlite3.connect(path) as conn:
        _sqlite_drop_claims(conn)
        conn.execute("PRAGMA user_version = 2")


def sqlite_version_1(path: Path, docs: Iterable[IndexDocument]) -> None:
    """An SQLite index file of schema version 1 holding `docs` (also without their hostility labels)."""
    with open_index("sqlite", path=path) as index:
        index.upsert(docs)
    with sqlite3.connect(path) as conn:
        _sqlite_drop_claims(conn)
        conn.execute("DROP INDEX documents_facets")
        conn.execute(f"ALTER TABLE {DOCUMENTS_TABLE} DROP COLUMN hostility")
        conn.execute(f"CREATE INDEX documents_facets ON {DOCUMENTS_TABLE}(source, language, sentiment, flagged)")
        conn.execute(f"DROP TABLE {META_TABLE}")
        conn.execute("PRAGMA user_version = 1")


def _elasticsearch_version(admin: Elasticsearch, prefix: str, docs: Iterable[IndexDocument], version: int) -> None:
    missing = set(_ADDED_SINCE_ES[version])
    template = index_template(prefix, number_of_replicas=0, refresh_interval="200ms")["template"]
    mappings = dict(template["mappings"], _meta={META_VERSION_KEY: version})
    mappings["properties"] = {k: v for k, v in mappings["properties"].items() if k not in missing}
    index = versioned_name(prefix, 1)
    admin.indices.create(index=index, settings=template["settings"], mappings=mappings,
                         aliases={alias_name(prefix): {"is_write_index": True}})
    operations: list[dict[str, object]] = []
    for doc in docs:
        source = {k: v for k, v in document_to_source(doc).items() if k not in missing}
        operations += [{"index": {"_index": index, "_id": doc.id}}, source]
    assert not admin.bulk(operations=operations, refresh=True).body["errors"]


def elasticsearch_version_3(admin: Elasticsearch, prefix: str, docs: Iterable[IndexDocument]) -> None:
    """An index of mapping version 3 behind `prefix`'s alias, holding `docs` (without kinds and flag reasons)."""
    _elasticsearch_version(admin, prefix, docs, 3)


def elasticsearch_version_2(admin: Elasticsearch, prefix: str, docs: Iterable[IndexDocument]) -> None:
    """An index of mapping version 2 behind `prefix`'s alias, holding `docs` (also without hostility labels)."""
    _elasticsearch_version(admin, prefix, docs, 2)
