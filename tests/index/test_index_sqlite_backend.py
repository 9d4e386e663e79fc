"""SQLite-specific behaviour: file handling, WAL, schema versioning, tokenizer configuration."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from index import IndexUnavailable, SearchQuery, open_index
from index.sqlite_fts import SqliteFtsIndex
from index.sqlite_schema import FTS_VOCAB_TABLE
from tests.index.index_corpus import CORPUS


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
