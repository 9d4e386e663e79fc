"""SQLite-specific behaviour: file handling, WAL, schema versioning, tokenizer configuration."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from index import IndexUnavailable, SearchQuery, open_index
from index.sqlite.backend import SqliteFtsIndex
from index.sqlite.schema import FTS_VOCAB_TABLE, META_TABLE, SCHEMA_VERSION
from tests.index.index_corpus import BY_ID, CORPUS, has_word, ids_where, search_ids
from tests.index.old_layouts import CLAIM_FIELDS, sqlite_version_1, sqlite_version_2


def test_file_is_in_wal_mode_and_persists(tmp_path: Path) -> None:
    path = tmp_path / "data" / "index.sqlite"  # parent directory is created on demand
    with open_index("sqlite", path=path) as index:
        index.upsert(CORPUS)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with open_index("sqlite", path=path) as reopened:
        assert reopened.count() == len(CORPUS)
        assert reopened.search(SearchQuery(text="प्रधानमंत्री")).total == 2


def test_devanagari_words_are_single_index_terms(tmp_path: Path) -> None:
    with SqliteFtsIndex(tmp_path / "index.sqlite") as index:
        index.upsert(CORPUS)
    with sqlite3.connect(tmp_path / "index.sqlite") as conn:
        terms = {row[0] for row in conn.execute(f"SELECT term FROM {FTS_VOCAB_TABLE}")}
    assert {"प्रधानमंत्री", "क्षेत्र", "ज\u093cिला", "मतदाताओं", "शुद्ध", "की", "कि"} <= terms
    assert "elect" in terms and "elections" not in terms  # porter stems English only
    assert not {"प", "रध", "नम"} & terms


def test_other_schema_version_is_unavailable(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    open_index("sqlite", path=path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(IndexUnavailable, match="schema version 99"):
        open_index("sqlite", path=path)


def test_version_1_file_is_migrated_in_place_and_asks_for_a_refill(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    sqlite_version_1(path, CORPUS)
    with open_index("sqlite", path=path) as migrated, open_index("sqlite", path=path) as second:
        assert migrated.needs_refill() and second.needs_refill()
        # Old documents keep answering, without labels, and new ones carry theirs.
        assert migrated.count() == len(CORPUS)
        assert set(search_ids(migrated, "मतदान")) == ids_where(has_word("मतदान"))
        assert migrated.get("hi-09").hostility == ()  # type: ignore[union-attr]
        assert search_ids(migrated, hostile=True) == []
        migrated.upsert([BY_ID["en-02"]])
        assert search_ids(migrated, hostile=True) == ["en-02"]
        assert migrated.rebuild(CORPUS) == len(CORPUS)
        assert not migrated.needs_refill() and not second.needs_refill()
        assert set(search_ids(second, hostility=("hate",))) == {"hi-09", "en-02"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        facets_index = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_facets'").fetchone()[0]
        assert "hostility" in facets_index  # redefined by the migration, so facets stay index-only
    with open_index("sqlite", path=path) as reopened:
        assert not reopened.needs_refill()
        assert reopened.get("hi-09").hostility == ("hostile", "hate", "defamation")  # type: ignore[union-attr]


def _columns(conn: sqlite3.Connection) -> set[str]:
    return {row[1] for row in conn.execute("PRAGMA table_info(documents)")}


def test_version_2_file_gets_the_claim_columns_in_place(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    sqlite_version_2(path, CORPUS)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 2 and not set(CLAIM_FIELDS) & _columns(conn)
    with open_index("sqlite", path=path) as index:
        assert index.needs_refill()
        assert index.get("hi-02").kind == "news"  # type: ignore[union-attr]
        assert index.get("hi-02").hostility == ("hostile", "defamation")  # type: ignore[union-attr]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
        assert set(CLAIM_FIELDS) <= _columns(conn)
        assert "version 2" in conn.execute(f"SELECT value FROM {META_TABLE}").fetchone()[0]
        # The facet index was redefined to cover kind and flag reasons, so facets stay index-only.
        plan = " ".join(str(row[-1]) for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT language, source, sentiment, flagged, hostility, kind, flag_reasons FROM documents"))
        assert "COVERING INDEX documents_facets" in plan


def test_new_and_cleared_indexes_need_no_refill(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    sqlite_version_1(path, CORPUS)
    with open_index("sqlite", path=path) as index:
        assert index.needs_refill()
        index.clear()
        assert not index.needs_refill()
    with open_index("sqlite", path=tmp_path / "new.sqlite") as new:
        assert not new.needs_refill()


def test_foreign_database_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE documents (x)")
    with pytest.raises(IndexUnavailable):
        open_index("sqlite", path=path)


def test_unusable_path_is_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(IndexUnavailable):
        open_index("sqlite", path=blocker / "index.sqlite")


def test_in_memory_index_works() -> None:
    with open_index("sqlite", path=":memory:") as index:
        index.upsert(CORPUS[:3])
        assert index.count() == 3


def test_unknown_backend_is_rejected() -> None:
    with pytest.raises(ValueError, match="available: elasticsearch, sqlite"):
        open_index("solr")


def test_second_handle_sees_committed_writes(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    with open_index("sqlite", path=path) as writer, open_index("sqlite", path=path) as reader:
        assert reader.count() == 0
        writer.upsert(CORPUS[:4])
        assert reader.count() == 4
        assert reader.search(SearchQuery(text="प्रधानमंत्री")).total == 1


def test_one_handle_can_be_shared_by_threads(tmp_path: Path) -> None:
    with open_index("sqlite", path=tmp_path / "index.sqlite") as index:
        index.upsert(CORPUS)
        expected = index.search(SearchQuery(text="मतदान")).total

        def search(_: int) -> int:
            return index.search(SearchQuery(text="मतदान")).total

        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(index.upsert, CORPUS[:5])]
            totals = list(pool.map(search, range(40)))
        assert futures[0].result() == 5
        assert totals == [expected] * 40


def test_delete_rejects_a_bare_id_string(tmp_path: Path) -> None:
    with open_index("sqlite", path=tmp_path / "index.sqlite") as index, pytest.raises(TypeError):
        index.delete("hi-01")
