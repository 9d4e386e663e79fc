"""Choose a SearchIndex backend by name (configuration picks "sqlite" or, later, "elasticsearch")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from index.base import SearchIndex
from index.sqlite_fts import SqliteFtsIndex

_BACKENDS: dict[str, Callable[..., SearchIndex]] = {
    "sqlite": SqliteFtsIndex,
}


def available_backends() -> tuple[str, ...]:
    return tuple(sorted(_BACKENDS))


def open_index(backend: str, **options: Any) -> SearchIndex:
    """Open a search index. sqlite options: path (required), day_tz, timeout_s."""
    try:
        constructor = _BACKENDS[backend]
    except KeyError:
        raise ValueError(
            f"unknown search backend {backend!r}; available: {', '.join(available_backends())}"
        ) from None
    return constructor(**options)
