"""Search connections kept per thread, for a process that searches many times (the desk, an export).

Opening an index per search costs a schema check and, on SQLite, a cold page cache (SQLite caches pages per
connection), which was an eighth of the desk's time per search under load. A thread keeps its own connection
rather than sharing one: the SQLite backend serialises calls on a connection, and the desk's searches run in
parallel on a thread pool. A connection that fails is closed and not kept, so the next search opens a new one
(an Elasticsearch node that comes back is found again).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from index.base import SearchIndex
from index.documents import SearchQuery, SearchResult
from index.errors import IndexUnavailable


class ThreadReaders:
    """Searches through one index connection per calling thread, opened by `opener` on the thread's first search."""

    def __init__(self, opener: Callable[[], SearchIndex]) -> None:
        self._opener = opener
        self._lock = threading.Lock()
        self._by_thread: dict[int, SearchIndex] = {}

    def search(self, query: SearchQuery) -> SearchResult:
        """Raises IndexUnavailable when the index cannot be opened or fails (the connection is then dropped)."""
        index = self._reader()
        try:
            return index.search(query)
        except IndexUnavailable:
            self._drop(index)
            raise

    def open_count(self) -> int:
        """How many connections are kept now."""
        with self._lock:
            return len(self._by_thread)

    def close(self) -> None:
        """Close every kept connection; later searches open new ones."""
        with self._lock:
            readers, self._by_thread = list(self._by_thread.values()), {}
        for index in readers:
            index.close()

    def _reader(self) -> SearchIndex:
        thread = threading.get_ident()
        with self._lock:
            index = self._by_thread.get(thread)
        if index is None:
            index = self._opener()  # outside the lock: opening an Elasticsearch connection can take seconds
            with self._lock:
                self._by_thread[thread] = index
        return index

    def _drop(self, index: SearchIndex) -> None:
        with self._lock:
            self._by_thread = {thread: kept for thread, kept in self._by_thread.items() if kept is not index}
        index.close()
