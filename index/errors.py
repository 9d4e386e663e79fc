"""Typed errors shared by every search backend.

Callers (web UI, CLI) catch these instead of backend-specific exceptions, so swapping SQLite for
Elasticsearch does not change error handling upstream.
"""

from __future__ import annotations


class SearchIndexError(Exception):
    """Base class for all search-index failures."""


class IndexUnavailable(SearchIndexError):
    """The index cannot be used right now: file missing or locked, schema mismatch, closed handle,
    server down. Retrying later or rebuilding the index may help; the query itself is fine."""


class QuerySyntaxError(SearchIndexError):
    """A query could not be expressed for the backend.

    Plain user text never raises this: the query parser turns any input into a safe expression. It
    exists for structured/advanced query paths and to surface a parser bug as a typed error instead of
    a raw driver exception.
    """
