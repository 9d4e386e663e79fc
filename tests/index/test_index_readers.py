"""Search connections kept per thread (index.readers), on a real SQLite index file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from index import IndexUnavailable, SearchIndex, SearchQuery
from index.factory import open_index
from index.readers import ThreadReaders
from tests.index.index_corpus import CORPUS


class CountingOpener:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.opened: list[SearchIndex] = []

    def __call__(self) -> SearchIndex:
        index = open_index("sqlite", path=self.path)
        self.opened.append(index)
        return index


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    path = tmp_path / "index.sqlite"
    with open_index("sqlite", path=path) as index:
        index.upsert(CORPUS[:-1])
    return path


def test_a_thread_keeps_its_connection_and_sees_later_writes(filled: Path) -> None:
    opener = CountingOpener(filled)
    readers = ThreadReaders(opener)
    before = readers.search(SearchQuery()).total
    with open_index("sqlite", path=filled) as writer:
        writer.upsert(CORPUS[-1:])
    assert readers.search(SearchQuery()).total == before + 1  # a kept connection is not a stale snapshot
    assert len(opener.opened) == 1
    readers.close()


def test_threads_search_through_their_own_connections(filled: Path) -> None:
    opener = CountingOpener(filled)
    readers = ThreadReaders(opener)
    barrier = threading.Barrier(3)
    totals: list[int] = []

    def search() -> None:
        barrier.wait()  # all three are alive at once, so none can inherit another's thread id
        totals.append(readers.search(SearchQuery(text="चुनाव")).total)
        barrier.wait()

    threads = [threading.Thread(target=search) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(map(id, opener.opened))) == 3 and readers.open_count() == 3
    assert len(set(totals)) == 1 and totals[0] > 0
    readers.close()
    assert readers.open_count() == 0
    with pytest.raises(IndexUnavailable):
        opener.opened[0].search(SearchQuery())  # closed by readers.close()


def test_a_failed_connection_is_dropped_and_the_next_search_opens_another(filled: Path) -> None:
    opener = CountingOpener(filled)
    readers = ThreadReaders(opener)
    readers.search(SearchQuery())
    opener.opened[0].close()  # the connection breaks under the reader
    with pytest.raises(IndexUnavailable):
        readers.search(SearchQuery())
    assert readers.open_count() == 0
    assert readers.search(SearchQuery(text="election")).total > 0
    assert len(opener.opened) == 2
    readers.close()


def test_an_index_that_cannot_be_opened_is_not_kept(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the index folder should be")
    readers = ThreadReaders(lambda: open_index("sqlite", path=blocked / "index.sqlite"))
    with pytest.raises(IndexUnavailable):
        readers.search(SearchQuery())
    assert readers.open_count() == 0
