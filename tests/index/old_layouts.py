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
from index.elasticsearch.mapping import META_VERSION_KEY, NEUTRAL_ANALYZER, alias_name, index_template, versioned_name
from index.elasticsearch.records import document_to_source
from index.sqlite.schema import DOCUMENTS_TABLE, FTS_TABLE, META_TABLE, TOKENIZER

# Fields the newest version added, per older version (the union of every later step).
CLAIM_FIELDS: tuple[str, ...] = ("kind", "flag_reasons", "evidence", "claim", "verdict", "match_url")
FOLDED_FIELDS: tuple[str, ...] = ("title_search_fold", "text_search_fold", "tags_search_fold")
_ADDED_SINCE_ES: dict[int, tuple[str, ...]] = {
    3: (*CLAIM_FIELDS, *FOLDED_FIELDS), 2: ("hostility", *CLAIM_FIELDS, *FOLDED_FIELDS)}


# The search view, FTS table and triggers of schema versions 1 to 3: no folded columns.
_UNFOLDED_SEARCH = (
    "DROP TRIGGER documents_fts_after_insert", "DROP TRIGGER documents_fts_before_delete",
    "DROP TRIGGER documents_fts_before_update", "DROP TRIGGER documents_fts_after_update",
    "DROP TABLE documents_fts_vocab", f"DROP TABLE {FTS_TABLE}", "DROP VIEW documents_search",
    *(f"ALTER TABLE {DOCUMENTS_TABLE} DROP COLUMN {column}" for column in ("title_fold", "body_fold", "tags_fold")),
    f"""CREATE VIEW documents_search AS SELECT pk, replace(replace(replace(replace(title, char(8204), ''), char(8205), ''),
        char(57344), ''), char(57345), '') AS title, replace(replace(replace(replace(body, char(8204), ''), char(8205), ''),
        char(57344), ''), char(57345), '') AS body, replace(replace(replace(replace((SELECT group_concat(value, char(10))
        FROM json_each({DOCUMENTS_TABLE}.tags)), char(8204), ''), char(8205), ''), char(57344), ''), char(57345), '') AS tags
        FROM {DOCUMENTS_TABLE}""",
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(title, body, tags, content='documents_search', content_rowid='pk',
        tokenize="{TOKENIZER}")""",
    f"CREATE VIRTUAL TABLE documents_fts_vocab USING fts5vocab({FTS_TABLE}, 'row')",
    f"""CREATE TRIGGER documents_fts_after_insert AFTER INSERT ON {DOCUMENTS_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body, tags) SELECT pk, title, body, tags FROM documents_search
        WHERE pk = new.pk; END""",
    f"""CREATE TRIGGER documents_fts_before_delete BEFORE DELETE ON {DOCUMENTS_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, tags) SELECT 'delete', pk, title, body, tags
        FROM documents_search WHERE pk = old.pk; END""",
    f"""CREATE TRIGGER documents_fts_before_update BEFORE UPDATE OF title, body, tags ON {DOCUMENTS_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body, tags) SELECT 'delete', pk, title, body, tags
        FROM documents_search WHERE pk = old.pk; END""",
    f"""CREATE TRIGGER documents_fts_after_update AFTER UPDATE OF title, body, tags ON {DOCUMENTS_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body, tags) SELECT pk, title, body, tags FROM documents_search
        WHERE pk = new.pk; END""",
    f"INSERT INTO {FTS_TABLE}(rowid, title, body, tags) SELECT pk, title, body, tags FROM documents_search",
)


def _sqlite_unfold(conn: sqlite3.Connection) -> None:
    for statement in _UNFOLDED_SEARCH:
        conn.execute(statement)


def sqlite_version_3(path: Path, docs: Iterable[IndexDocument]) -> None:
    """An SQLite index file of schema version 3 holding `docs` (its FTS table without the folded columns)."""
    with open_index("sqlite", path=path) as index:
        index.upsert(docs)
    with sqlite3.connect(path) as conn:
        _sqlite_unfold(conn)
        conn.execute("PRAGMA user_version = 3")


def _sqlite_drop_claims(conn: sqlite3.Connection) -> None:
    _sqlite_unfold(conn)
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
    """Versions 2 to 4 had no folding analyzer; their Hindi documents had relevance-only `*_hi` fields."""
    missing = set(_ADDED_SINCE_ES[version])
    template = index_template(prefix, number_of_replicas=0, refresh_interval="200ms")["template"]
    analysis = {"analyzer": {NEUTRAL_ANALYZER: template["settings"]["analysis"]["analyzer"][NEUTRAL_ANALYZER]}}
    settings = dict(template["settings"], analysis=analysis)
    hindi = {folded.replace("_fold", "_hi"): folded for folded in FOLDED_FIELDS}
    mappings = dict(template["mappings"], _meta={META_VERSION_KEY: version},
                    _source={"excludes": ["title_search", "text_search", "tags_search", *hindi]})
    mappings["properties"] = {k: v for k, v in mappings["properties"].items() if k not in missing}
    mappings["properties"].update({name: {"type": "text", "analyzer": "hindi"} for name in hindi})
    index = versioned_name(prefix, 1)
    admin.indices.create(index=index, settings=settings, mappings=mappings,
                         aliases={alias_name(prefix): {"is_write_index": True}})
    operations: list[dict[str, object]] = []
    for doc in docs:
        source = document_to_source(doc)
        source.update({old: source[new] for old, new in hindi.items() if new in source})
        operations += [{"index": {"_index": index, "_id": doc.id}}, {k: v for k, v in source.items() if k not in missing}]
    assert not admin.bulk(operations=operations, refresh=True).body["errors"]


def elasticsearch_version_3(admin: Elasticsearch, prefix: str, docs: Iterable[IndexDocument]) -> None:
    """An index of mapping version 3 behind `prefix`'s alias, holding `docs` (without kinds and flag reasons)."""
    _elasticsearch_version(admin, prefix, docs, 3)


def elasticsearch_version_2(admin: Elasticsearch, prefix: str, docs: Iterable[IndexDocument]) -> None:
    """An index of mapping version 2 behind `prefix`'s alias, holding `docs` (also without hostility labels)."""
    _elasticsearch_version(admin, prefix, docs, 2)
