"""Choose a SearchIndex backend by name (configuration picks "sqlite" or "elasticsearch")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from index.base import SearchIndex
from index.sqlite_fts import SqliteFtsIndex


def _elasticsearch(**options: Any) -> SearchIndex:
    # Imported on use: an SQLite-only deployment does not need the elasticsearch client installed.
    from index.elasticsearch_index import ElasticsearchIndex

    return ElasticsearchIndex(**options)


_BACKENDS: dict[str, Callable[..., SearchIndex]] = {
    "sqlite": SqliteFtsIndex,
    "elasticsearch": _elasticsearch,
}


def available_backends() -> tuple[str, ...]:
    return tuple(sorted(_BACKENDS))


def open_index(backend: str, **options: Any) -> SearchIndex:
    """Open a search index.

    sqlite options: path (required), day_tz, timeout_s.
    elasticsearch options: url (required), api_key, basic_auth, ca_file, index_prefix, timeout_s,
    day_tz, retry, number_of_replicas, refresh_interval (see ElasticsearchIndex).
    """
    try:
        constructor = _BACKENDS[backend]
    except KeyError:
        raise ValueError(
            f"unknown search backend {backend!r}; available: {', '.join(available_backends())}"
        ) from None
    return constructor(**options)
