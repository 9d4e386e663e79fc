"""Choose a SearchIndex backend by name (configuration picks "sqlite" or "elasticsearch").

Each backend is imported on first use: an SQLite-only deployment never imports (or needs) the
elasticsearch client, and importing this module costs nothing of either backend.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from index.base import SearchIndex


def _sqlite(**options: Any) -> SearchIndex:
    from index.sqlite.backend import SqliteFtsIndex

    return SqliteFtsIndex(**options)


def _elasticsearch(**options: Any) -> SearchIndex:
    from index.elasticsearch.backend import ElasticsearchIndex

    return ElasticsearchIndex(**options)


_BACKENDS: dict[str, Callable[..., SearchIndex]] = {
    "sqlite": _sqlite,
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
