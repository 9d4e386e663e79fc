"""Index files and indices as older releases wrote them, to test in-place upgrades.

Each is made from today's layout minus what the newer version added, which is exactly what the older
version had (SQLite schema 1 and Elasticsearch mapping 2 lacked the hostility labels, and SQLite's facet index
did not cover them).
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


def sqlite_version_1(path: Path, docs: Iterable[IndexDocument]) -> None:
    """An SQLite index file of schema version 1 holding `docs` (without their hostility labels)."""
    with open_index("sqlite", path=path) as index:
        index.upsert(docs)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX documents_facets")
        conn.execute(f"ALTER TABLE {DOCUMENTS_TABLE} DROP COLUMN hostility")
        conn.execute(f"CREATE INDEX documents_facets ON {DOCUMENTS_TABLE}(source, language, sentiment, flagged)")
        conn.execute(f"DROP TABLE {META_TABLE}")
        conn.execute("PRAGMA user_version = 1")


def elasticsearch_version_2(admin: Elasticsearch, prefix: str, docs: Iterable[IndexDocument]) -> None:
    """An index of mapping version 2 behind `prefix`'s alias, holding `docs` (without hostility labels)."""
    template = index_template(prefix, number_of_replicas=0, refresh_interval="200ms")["template"]
    mappings = dict(template["mappings"], _meta={META_VERSION_KEY: 2})
    mappings["properties"] = {k: v for k, v in mappings["properties"].items() if k != "hostility"}
    index = versioned_name(prefix, 1)
    admin.indices.create(index=index, settings=template["settings"], mappings=mappings,
                         aliases={alias_name(prefix): {"is_write_index": True}})
    operations: list[dict[str, object]] = []
    for doc in docs:
        source = {k: v for k, v in document_to_source(doc).items() if k != "hostility"}
        operations += [{"index": {"_index": index, "_id": doc.id}}, source]
    assert not admin.bulk(operations=operations, refresh=True).body["errors"]
