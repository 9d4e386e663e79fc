"""DDL for the SQLite FTS5 backend.

Layout: `documents` holds every field (filters, sorting, round-trip of IndexDocument); the FTS5 table
`documents_fts` is an external-content index over the view `documents_search`, which exposes the
*search form* of title/body/tags. Triggers keep the FTS index in step with `documents`, so every write
path (upsert, delete, clear) stays consistent without Python-side bookkeeping. `index_meta` holds facts about
the file itself, such as "migrated in place, refill from the store" (see migrate.py).
"""

from __future__ import annotations

from index.documents import FLAG_REASONS, HOSTILITY_LABELS, NEWS
from index.hindi_fold import FOLDED_LANGUAGES
from index.text_forms import SEARCH_DROPPED_CHARS, ZWJ, ZWNJ

# 2: hostility labels (the `hostility` column and `index_meta`). 3: article kind and claim-level flags (`kind`,
# `flag_reasons`, `evidence`, `claim`, `verdict`, `match_url`). 4: the folded Hindi columns of the FTS table.
SCHEMA_VERSION = 4

DOCUMENTS_TABLE = "documents"
META_TABLE = "index_meta"
# Set by an in-place migration whose new columns only a refill from the store can fill; a rebuild drops it.
REFILL_KEY = "refill_needed"
SEARCH_VIEW = "documents_search"
FTS_TABLE = "documents_fts"
FTS_VOCAB_TABLE = "documents_fts_vocab"

# Column order of the FTS table; bm25 weights and snippet() column numbers refer to it. The last three hold the
# folded words of Hindi documents (index.hindi_fold: one folded word per word, so positions line up with the
# first three); words match in either, a quoted phrase only in the first three.
EXACT_COLUMNS: tuple[str, ...] = ("title", "body", "tags")
FOLDED_COLUMNS: tuple[str, ...] = ("title_fold", "body_fold", "tags_fold")
FTS_COLUMNS: tuple[str, ...] = (*EXACT_COLUMNS, *FOLDED_COLUMNS)
TITLE_COLUMN = 0
BODY_COLUMN = 1
TITLE_FOLD_COLUMN = 3
BODY_FOLD_COLUMN = 4
# A word in the headline says more about an article than the same word deep in the body. A word spelt as typed
# counts in both the exact and the folded column, so the article's own spelling ranks first.
BM25_WEIGHTS: tuple[float, ...] = (4.0, 1.0, 2.0, 4.0, 1.0, 2.0)
# The SQL function (registered on every connection, index.sqlite.backend) that folds a search form.
FOLD_FUNCTION = "satark_fold"

# Why each option (verified on SQLite 3.40 with fts5vocab):
# - categories 'L* N* Co M*': the default 'L* N* Co' treats marks as separators and shreds Hindi
#   ("प्रधानमंत्री" -> "प", "रध", "नम", ...). Devanagari matras, virama, nukta and anusvara are Mn/Mc.
# - tokenchars ZWNJ/ZWJ: these are Cf and would otherwise split a conjunct (the search view also
#   removes them, so this only matters if that ever changes).
# - remove_diacritics 2: folds Latin accents ("café" = "cafe"); it only touches Latin code points,
#   so Devanagari signs survive and "की" stays distinct from "कि".
# - porter: English stemming ("elections" -> "elect"); it only rewrites ASCII suffixes, so
#   Devanagari tokens pass through unchanged.
TOKENIZER = f"porter unicode61 remove_diacritics 2 categories 'L* N* Co M*' tokenchars '{ZWNJ}{ZWJ}'"


# Hostility labels are one integer column of bits, so filters and facets are integer tests instead of JSON
# scans. Bits are stored in index files: a label keeps its bit, so the label order may only ever be appended to.
HOSTILITY_BITS: dict[str, int] = {label: 1 << position for position, label in enumerate(HOSTILITY_LABELS)}
# Flag reasons likewise (append-only for the same reason).
FLAG_REASON_BITS: dict[str, int] = {reason: 1 << position for position, reason in enumerate(FLAG_REASONS)}


def _search_form_sql(expr: str) -> str:
    # Must stay identical to text_forms.search_form minus NFC (stored text is already NFC).
    for ch in SEARCH_DROPPED_CHARS:
        expr = f"replace({expr}, char({ord(ch)}), '')"
    return expr


_TAGS_JOINED = f"(SELECT group_concat(value, char(10)) FROM json_each({DOCUMENTS_TABLE}.tags))"
_FOLDED_LANGUAGES_SQL = ", ".join(f"'{language}'" for language in sorted(FOLDED_LANGUAGES))


def _folded_sql(expr: str) -> str:
    return f"CASE WHEN language IN ({_FOLDED_LANGUAGES_SQL}) THEN {FOLD_FUNCTION}({_search_form_sql(expr)}) ELSE '' END"


# Version 4 files keep each Hindi document's folded words in `documents` (written by records.document_to_row):
# a highlight of a folded column re-reads it, and folding in the view cost 30 ms a page of results.
_FOLDED_COLUMNS_DDL = tuple(f"{column} TEXT NOT NULL DEFAULT ''" for column in FOLDED_COLUMNS)


_COLUMN_LIST = ", ".join(FTS_COLUMNS)
# The search view, the FTS table over it and the triggers that keep it in step: what version 4 recreated.
# External-content FTS5 needs the *old* indexed values to delete a row, so deletions run BEFORE the row changes
# (the view still shows the old values) and insertions run AFTER.
_SEARCH_STATEMENTS: tuple[str, ...] = (
    f"""
    CREATE VIEW {SEARCH_VIEW} AS
    SELECT pk,
           {_search_form_sql("title")} AS title,
           {_search_form_sql("body")} AS body,
           {_search_form_sql(_TAGS_JOINED)} AS tags,
           title_fold, body_fold, tags_fold
    FROM {DOCUMENTS_TABLE}
    """,
    f"""
    CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        {_COLUMN_LIST},
        content='{SEARCH_VIEW}',
        content_rowid='pk',
        tokenize="{TOKENIZER}"
    )
    """,
    f"CREATE VIRTUAL TABLE {FTS_VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')",
    f"""
    CREATE TRIGGER documents_fts_after_insert AFTER INSERT ON {DOCUMENTS_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {_COLUMN_LIST})
        SELECT pk, {_COLUMN_LIST} FROM {SEARCH_VIEW} WHERE pk = new.pk;
    END
    """,
    f"""
    CREATE TRIGGER documents_fts_before_delete BEFORE DELETE ON {DOCUMENTS_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMN_LIST})
        SELECT 'delete', pk, {_COLUMN_LIST} FROM {SEARCH_VIEW} WHERE pk = old.pk;
    END
    """,
    f"""
    CREATE TRIGGER documents_fts_before_update BEFORE UPDATE OF title, body, tags, title_fold, body_fold, tags_fold
    ON {DOCUMENTS_TABLE}
    BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMN_LIST})
        SELECT 'delete', pk, {_COLUMN_LIST} FROM {SEARCH_VIEW} WHERE pk = old.pk;
    END
    """,
    f"""
    CREATE TRIGGER documents_fts_after_update AFTER UPDATE OF title, body, tags, title_fold, body_fold, tags_fold
    ON {DOCUMENTS_TABLE}
    BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {_COLUMN_LIST})
        SELECT pk, {_COLUMN_LIST} FROM {SEARCH_VIEW} WHERE pk = new.pk;
    END
    """,
)
_SEARCH_DROPS: tuple[str, ...] = (
    "DROP TRIGGER IF EXISTS documents_fts_after_insert",
    "DROP TRIGGER IF EXISTS documents_fts_before_delete",
    "DROP TRIGGER IF EXISTS documents_fts_before_update",
    "DROP TRIGGER IF EXISTS documents_fts_after_update",
    f"DROP TABLE IF EXISTS {FTS_VOCAB_TABLE}",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"DROP VIEW IF EXISTS {SEARCH_VIEW}",
)

# Indexes added after schema version 1 shipped: created when an index file lacks them (see migrate.py).
# A source-filtered "newest" page and its facets were a 50 ms scan over 100,000 documents without them.
LATER_INDEXES: tuple[tuple[str, str], ...] = (
    ("documents_source_newest",
     f"CREATE INDEX IF NOT EXISTS documents_source_newest ON {DOCUMENTS_TABLE}(source, published_us DESC, fetched_us DESC)"),
    # Covers every facet column, so facets of a broad query read this index instead of whole rows (article
    # bodies): without `hostility` in it, the facets of all 50,000 documents took twice as long.
    ("documents_facets",
     f"CREATE INDEX IF NOT EXISTS documents_facets ON {DOCUMENTS_TABLE}"
     "(source, language, sentiment, flagged, hostility, kind, flag_reasons)"),
)

CREATE_STATEMENTS: tuple[str, ...] = (
    f"""
    CREATE TABLE {DOCUMENTS_TABLE} (
        pk              INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        url             TEXT NOT NULL,
        title           TEXT NOT NULL,
        body            TEXT NOT NULL,
        language        TEXT NOT NULL,
        source          TEXT NOT NULL,
        tags            TEXT NOT NULL,      -- JSON array of strings
        published       TEXT,               -- ISO 8601 with the original offset
        published_us    INTEGER,            -- UTC microseconds, for filters and sorting
        fetched         TEXT NOT NULL,
        fetched_us      INTEGER NOT NULL,
        misinfo_score   REAL,
        flagged         INTEGER NOT NULL,
        sentiment       TEXT,
        sentiment_score REAL,
        duplicate_of    TEXT,
        review_status   TEXT NOT NULL,
        models          TEXT NOT NULL,      -- JSON array of model ids
        hostility       INTEGER NOT NULL DEFAULT 0, -- HOSTILITY_BITS of the document's hostility labels
        kind            TEXT NOT NULL DEFAULT '{NEWS}',
        flag_reasons    INTEGER NOT NULL DEFAULT 0, -- FLAG_REASON_BITS of the document's flag reasons
        evidence        TEXT,
        claim           TEXT,
        verdict         TEXT,
        match_url       TEXT,
        title_fold      TEXT NOT NULL DEFAULT '', -- the folded words of a Hindi document (index.hindi_fold)
        body_fold       TEXT NOT NULL DEFAULT '',
        tags_fold       TEXT NOT NULL DEFAULT ''
    )
    """,
    f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"CREATE INDEX documents_newest ON {DOCUMENTS_TABLE}(published_us DESC, fetched_us DESC)",
    f"CREATE INDEX documents_score ON {DOCUMENTS_TABLE}(misinfo_score DESC)",
    f"CREATE INDEX documents_language ON {DOCUMENTS_TABLE}(language)",
    f"CREATE INDEX documents_source ON {DOCUMENTS_TABLE}(source)",
    f"CREATE INDEX documents_flagged ON {DOCUMENTS_TABLE}(flagged, published_us)",
    f"CREATE INDEX documents_duplicate ON {DOCUMENTS_TABLE}(duplicate_of)",
    *(statement for _, statement in LATER_INDEXES),
    *_SEARCH_STATEMENTS,
    f"PRAGMA user_version = {SCHEMA_VERSION}",
)

DROP_STATEMENTS: tuple[str, ...] = (
    *_SEARCH_DROPS,
    f"DROP TABLE IF EXISTS {DOCUMENTS_TABLE}",
    f"DROP TABLE IF EXISTS {META_TABLE}",
)

# In-place upgrades: MIGRATIONS[n] turns a version-n file into version n + 1 (statements run in one write
# transaction, then user_version is set). Documents keep what they had; new fields start empty.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        f"ALTER TABLE {DOCUMENTS_TABLE} ADD COLUMN hostility INTEGER NOT NULL DEFAULT 0",
        "DROP INDEX IF EXISTS documents_facets",  # LATER_INDEXES recreates it with hostility (migrate.py)
        f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        f"INSERT INTO {META_TABLE} VALUES ('{REFILL_KEY}', 'version 1 index: documents lack hostility labels')",
    ),
    2: (
        # Documents indexed before read back as news without flag reasons until the refill.
        f"ALTER TABLE {DOCUMENTS_TABLE} ADD COLUMN kind TEXT NOT NULL DEFAULT '{NEWS}'",
        f"ALTER TABLE {DOCUMENTS_TABLE} ADD COLUMN flag_reasons INTEGER NOT NULL DEFAULT 0",
        *(f"ALTER TABLE {DOCUMENTS_TABLE} ADD COLUMN {column} TEXT" for column in ("evidence", "claim", "verdict", "match_url")),
        "DROP INDEX IF EXISTS documents_facets",  # LATER_INDEXES recreates it with kind and flag_reasons
        f"INSERT OR REPLACE INTO {META_TABLE} VALUES ('{REFILL_KEY}', 'version 2 index: documents lack kinds and flag reasons')",
    ),
    # The FTS table gains the folded columns: recreated and refilled from the documents table (no refill from
    # the store is needed: the folded form is computed from what the file already holds).
    # (FTS5's 'rebuild' command fails on a view; the triggers' own INSERT does the same.)
    3: (*_SEARCH_DROPS,
        *(f"ALTER TABLE {DOCUMENTS_TABLE} ADD COLUMN {ddl}" for ddl in _FOLDED_COLUMNS_DDL),
        f"UPDATE {DOCUMENTS_TABLE} SET title_fold = {_folded_sql('title')}, body_fold = {_folded_sql('body')}, "
        f"tags_fold = {_folded_sql(_TAGS_JOINED)}",
        *_SEARCH_STATEMENTS,
        f"INSERT INTO {FTS_TABLE}(rowid, {_COLUMN_LIST}) SELECT pk, {_COLUMN_LIST} FROM {SEARCH_VIEW}"),
}
