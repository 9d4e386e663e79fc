"""SQLite FTS5 backend for SearchIndex: one local file, WAL mode, no server.

Safe to share between threads (calls are serialised on one connection); WAL lets other processes
read the file while the pipeline writes.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import tzinfo
from pathlib import Path

from index.base import SearchIndex
from index.dates import IST
from index.documents import (
    FACET_FIELDS,
    FLAGGED_FALSE,
    FLAGGED_TRUE,
    FacetCount,
    IndexDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from index.errors import IndexUnavailable, QuerySyntaxError
from index.highlight import markers_to_html, plain_snippet
from index.hindi_fold import fold_text
from index.query_syntax import Term, parse_query
from index.sqlite.fold_marks import merged_snippet, merged_title
from index.sqlite.migrate import ensure_schema, needs_refill
from index.sqlite.records import (
    DOCUMENT_COLUMNS,
    document_to_row,
    flag_reasons_of,
    hostility_labels,
    row_to_document,
    row_to_hit,
)
from index.sqlite.schema import (
    CREATE_STATEMENTS,
    DOCUMENTS_TABLE,
    DROP_STATEMENTS,
    FOLD_FUNCTION,
    FTS_VOCAB_TABLE,
)
from index.sqlite.search import SNIPPET_TOKENS, build_plan, details_sql, facet_sql, page_sql

MEMORY_PATH = ":memory:"
UPSERT_BATCH = 500

# Porter stemming is applied to prefix queries too, so "runn*" looks for index terms starting with
# "runn" while the index only holds the stem "run". For ASCII prefixes we therefore also accept
# index terms that are themselves a prefix of what was typed, e.g. "electi*" also finds the stem
# "elect". Candidates are at least 3 characters and at most 7 shorter than the typed prefix (about
# the longest suffix porter removes), so "electi*" does not widen to every word stemmed "el".
_MIN_STEM_CHARS = 3
_MAX_STRIPPED_SUFFIX = 7
_ASCII_WORD = re.compile(r"[a-z0-9]+")

_UPSERT_SQL = (
    f"INSERT INTO {DOCUMENTS_TABLE} ({', '.join(DOCUMENT_COLUMNS)}) "
    f"VALUES ({', '.join(':' + c for c in DOCUMENT_COLUMNS)}) "
    "ON CONFLICT(id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in DOCUMENT_COLUMNS if c != "id")
)


def _is_fts_syntax_error(error: sqlite3.Error) -> bool:
    return "fts5: syntax error" in str(error)


class SqliteFtsIndex(SearchIndex):
    """SearchIndex on an SQLite file with an FTS5 full-text table.

    `day_tz` is the time zone in which plain `date` bounds of a SearchQuery are whole days.
    """

    def __init__(self, path: str | Path, *, day_tz: tzinfo = IST, timeout_s: float = 5.0) -> None:
        self._path = str(path)
        self._day_tz = day_tz
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = self._open(timeout_s)

    # -- connection lifecycle -------------------------------------------------------------------

    def _open(self, timeout_s: float) -> sqlite3.Connection:
        try:
            if self._path != MEMORY_PATH:
                Path(self._path).parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE for writes, a read
            # transaction around facet + page queries so both see the same snapshot).
            conn = sqlite3.connect(
                self._path, timeout=timeout_s, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as error:
            raise IndexUnavailable(f"cannot open search index at {self._path}: {error}") from error
        conn.row_factory = sqlite3.Row
        # The search view calls it, so every write through the FTS triggers needs it on this connection.
        conn.create_function(FOLD_FUNCTION, 1, fold_text, deterministic=True)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable across application crashes in WAL mode; the index is rebuildable
            # from the main store, so losing the last commit on power loss is acceptable.
            conn.execute("PRAGMA synchronous = NORMAL")
            # Pages read through a memory map are shared between connections rather than copied into each
            # connection's own cache: the desk's searches under load went from 57 to 70 a second (decision 51).
            conn.execute("PRAGMA mmap_size = 1073741824")
            ensure_schema(conn, self._path)
        except sqlite3.Error as error:
            conn.close()
            raise IndexUnavailable(f"cannot initialise search index at {self._path}: {error}") from error
        except IndexUnavailable:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    # -- guarded access ---------------------------------------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """Serialise access and translate driver errors into the interface's typed errors."""
        with self._lock:
            if self._conn is None:
                raise IndexUnavailable("search index is closed")
            try:
                yield self._conn
            except sqlite3.Error as error:
                if _is_fts_syntax_error(error):
                    raise QuerySyntaxError(f"FTS5 rejected a generated query: {error}") from error
                raise IndexUnavailable(f"search index error: {error}") from error

    @contextmanager
    def _transaction(self, mode: str) -> Iterator[sqlite3.Connection]:
        with self._connection() as conn:
            conn.execute(f"BEGIN {mode}")
            try:
                yield conn
            except BaseException:
                # SQLite may already have rolled back on its own (e.g. disk full).
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- writes -------------------------------------------------------------------------------------

    def upsert(self, docs: Iterable[IndexDocument]) -> int:
        with self._transaction("IMMEDIATE") as conn:
            return self._write(conn, docs)

    def rebuild(self, docs: Iterable[IndexDocument]) -> int:
        # One write transaction: in WAL mode readers keep seeing the old contents until the commit.
        with self._transaction("IMMEDIATE") as conn:
            for statement in (*DROP_STATEMENTS, *CREATE_STATEMENTS):
                conn.execute(statement)
            return self._write(conn, docs)

    @staticmethod
    def _write(conn: sqlite3.Connection, docs: Iterable[IndexDocument]) -> int:
        written = 0
        batch: list[dict[str, object]] = []
        for doc in docs:
            batch.append(document_to_row(doc))
            if len(batch) >= UPSERT_BATCH:
                conn.executemany(_UPSERT_SQL, batch)
                written += len(batch)
                batch.clear()
        if batch:
            conn.executemany(_UPSERT_SQL, batch)
            written += len(batch)
        return written

    def delete(self, ids: Iterable[str]) -> int:
        if isinstance(ids, str):
            # A bare id would otherwise be iterated character by character.
            raise TypeError("delete() takes an iterable of ids, not a single id string")
        with self._transaction("IMMEDIATE") as conn:
            cursor = conn.executemany(f"DELETE FROM {DOCUMENTS_TABLE} WHERE id = ?", ((i,) for i in ids))
            # rowcount sums direct deletions only (not trigger work on the FTS table).
            return max(cursor.rowcount, 0)

    def clear(self) -> None:
        # Rebuilding the schema is far faster than deleting row by row through the FTS triggers.
        with self._transaction("IMMEDIATE") as conn:
            for statement in (*DROP_STATEMENTS, *CREATE_STATEMENTS):
                conn.execute(statement)

    # -- reads --------------------------------------------------------------------------------------

    def get(self, doc_id: str) -> IndexDocument | None:
        with self._connection() as conn:
            row = conn.execute(f"SELECT * FROM {DOCUMENTS_TABLE} WHERE id = ?", (doc_id,)).fetchone()
        return row_to_document(row) if row is not None else None

    def needs_refill(self) -> bool:
        with self._connection() as conn:
            return needs_refill(conn)

    def count(self) -> int:
        with self._connection() as conn:
            return int(conn.execute(f"SELECT count(*) FROM {DOCUMENTS_TABLE}").fetchone()[0])

    def search(self, query: SearchQuery) -> SearchResult:
        parsed = parse_query(query.text)
        with self._transaction("DEFERRED") as conn:
            plan = build_plan(query, parsed, lambda term: self._stem_prefixes(conn, term), self._day_tz)
            facet_rows = conn.execute(facet_sql(plan), plan.params).fetchall()
            sql, params = page_sql(query, plan)
            ranks: dict[int, float] = {row["pk"]: row["rank"] for row in conn.execute(sql, params)}
            details: dict[int, sqlite3.Row] = {}
            if ranks:
                sql, params = details_sql(query, plan, list(ranks))
                details = {row["pk"]: row for row in conn.execute(sql, params)}
        facets = _facets(facet_rows)
        total = sum(f.count for f in facets["language"])
        # dicts keep insertion order, so `ranks` carries the page order.
        hits = tuple(_hit(details[pk], rank, plan.has_match) for pk, rank in ranks.items())
        return SearchResult(total=total, hits=hits, page=query.page, per_page=query.per_page, facets=facets)

    def _stem_prefixes(self, conn: sqlite3.Connection, term: Term) -> Sequence[str]:
        typed = term.text.lower()
        if not _ASCII_WORD.fullmatch(typed):
            return ()
        shortest = max(_MIN_STEM_CHARS, len(typed) - _MAX_STRIPPED_SUFFIX)
        candidates = [typed[:k] for k in range(shortest, len(typed))]
        if not candidates:
            return ()
        placeholders = ", ".join("?" for _ in candidates)
        rows = conn.execute(
            f"SELECT term FROM {FTS_VOCAB_TABLE} WHERE term IN ({placeholders})", candidates
        ).fetchall()
        return tuple(row[0] for row in rows)


# Facets whose rows are bit masks (one row per label combination), with the decoder of their masks.
_MASK_FACETS: dict[str, Callable[[int], tuple[str, ...]]] = {
    "hostility": hostility_labels,
    "flag_reason": flag_reasons_of,
}


def _facets(rows: Iterable[sqlite3.Row]) -> dict[str, list[FacetCount]]:
    facets: dict[str, list[FacetCount]] = {name: [] for name in FACET_FIELDS}
    per_label: dict[str, Counter[str]] = {name: Counter() for name in _MASK_FACETS}
    for row in rows:
        name, value, count = row["facet"], row["value"], int(row["n"])
        if name in _MASK_FACETS:
            # Each label of the combination counts the combination's documents.
            per_label[name].update(dict.fromkeys(_MASK_FACETS[name](value), count))
            continue
        if name == "flagged":
            value = FLAGGED_TRUE if value else FLAGGED_FALSE
        facets[name].append(FacetCount(value=str(value), count=count))
    for name, counter in per_label.items():
        facets[name] = [FacetCount(value=label, count=count) for label, count in counter.items()]
    for counts in facets.values():
        counts.sort(key=lambda f: (-f.count, f.value))
    return facets


def _hit(row: sqlite3.Row, rank: float, has_match: bool) -> SearchHit:
    keys = row.keys()
    if "title_marked" in keys:
        title_html = markers_to_html(merged_title(row["title_marked"], row["title_fold_marked"]))
        merged = merged_snippet(row["body_marked"], row["body_fold_marked"], SNIPPET_TOKENS) if row["body_marked"] else None
        snippet = markers_to_html(merged if merged is not None else row["snippet_marked"])
    else:
        title_html = html.escape(row["title"], quote=True)
        snippet = plain_snippet(row["body"])
    # bm25() is "smaller is better"; callers expect a higher-is-better relevance.
    score = -float(rank) if has_match else 0.0
    return row_to_hit(row, title_html, snippet, score)
