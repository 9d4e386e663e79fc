"""The one search interface every backend implements (`index.sqlite`, `index.elasticsearch`).

Contract (checked by tests/index, which runs against every backend):
- `upsert` is idempotent by document id and its documents are searchable when it returns.
- `search` accepts any user text: malformed syntax degrades to plain words, never an exception.
- Text is matched after NFC normalisation; Devanagari words match whole (no splitting at vowel
  signs, virama, nukta or anusvara); English words match across inflections (stemming).
- Highlighted fields are HTML-escaped with matches wrapped in <mark>…</mark>.
- An index of an older layout is upgraded in place when opened, never refused for that alone; when the
  upgrade adds fields that only the store can fill, `needs_refill()` says so until the next `rebuild`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from types import TracebackType

from index.documents import IndexDocument, SearchQuery, SearchResult
from index.errors import IndexUnavailable, QuerySyntaxError, SearchIndexError

__all__ = ["IndexUnavailable", "QuerySyntaxError", "SearchIndex", "SearchIndexError"]


class SearchIndex(ABC):
    """Searchable store of processed articles. Usable as a context manager (closes on exit)."""

    @abstractmethod
    def upsert(self, docs: Iterable[IndexDocument]) -> int:
        """Insert or replace documents by id; returns how many were written."""

    @abstractmethod
    def delete(self, ids: Iterable[str]) -> int:
        """Remove documents by id; returns how many existed and were removed."""

    @abstractmethod
    def get(self, doc_id: str) -> IndexDocument | None:
        """The stored document (text NFC-normalised), or None."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResult:
        """One page of hits plus total and facets over the whole filtered set."""

    @abstractmethod
    def count(self) -> int:
        """Number of documents in the index."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every document (the index stays usable)."""

    @abstractmethod
    def rebuild(self, docs: Iterable[IndexDocument]) -> int:
        """Replace the whole index with `docs`, atomically: searches see the old contents until the new ones
        are complete. Returns the number of documents written."""

    @abstractmethod
    def needs_refill(self) -> bool:
        """True when the documents lack fields of the current layout (the index was upgraded in place), so
        the caller should `rebuild` it from the store; False again after a rebuild or clear."""

    @abstractmethod
    def close(self) -> None:
        """Release resources; later calls raise IndexUnavailable. Closing twice is allowed."""

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
