"""Satark search index: one SearchIndex interface; backends in index.sqlite (embedded) and index.elasticsearch."""

from index.base import SearchIndex
from index.documents import (
    FacetCount,
    IndexDocument,
    SearchHit,
    SearchQuery,
    SearchResult,
)
from index.errors import IndexUnavailable, QuerySyntaxError, SearchIndexError
from index.factory import available_backends, open_index

__all__ = [
    "FacetCount",
    "IndexDocument",
    "IndexUnavailable",
    "QuerySyntaxError",
    "SearchHit",
    "SearchIndex",
    "SearchIndexError",
    "SearchQuery",
    "SearchResult",
    "available_backends",
    "open_index",
]
