"""Bring the index behind the alias to the current mapping: upgrade an older version in place, or refuse.

An older index is upgraded with `put_mapping` (additions only) rather than rejected, so searches and writes go
on; its `_meta` then says that a refill from the store is due (`needs_refill`), because documents indexed
before lack the new fields. A version without a migration path stays unavailable until rebuilt.
"""

from __future__ import annotations

from typing import Any

from elasticsearch import Elasticsearch

from index.elasticsearch.mapping import (
    FOLD_ANALYSIS_SINCE,
    FOLD_ANALYZER,
    MAPPING_VERSION,
    META_REFILL_KEY,
    META_VERSION_KEY,
    MIGRATIONS,
    fold_analysis,
)
from index.errors import IndexUnavailable


def _meta(client: Elasticsearch, index: str) -> dict[str, Any]:
    """The `_meta` of every concrete index that `index` names (an alias names one)."""
    body = client.indices.get_mapping(index=index).body
    return {name: mapping["mappings"].get("_meta", {}) for name, mapping in body.items()}


def _added_properties(found: object) -> dict[str, Any] | None:
    """Properties that bring a version-`found` mapping to MAPPING_VERSION; None when no path exists."""
    if not isinstance(found, int) or found > MAPPING_VERSION:
        return None
    properties: dict[str, Any] = {}
    for version in range(found, MAPPING_VERSION):
        if version not in MIGRATIONS:
            return None
        properties.update(MIGRATIONS[version])
    return properties


def ensure_mapping(client: Elasticsearch, index: str) -> None:
    """Upgrade `index` (a concrete index) to the current mapping version, or raise IndexUnavailable."""
    found = _meta(client, index)[index].get(META_VERSION_KEY)
    if found == MAPPING_VERSION:
        return
    properties = _added_properties(found)
    if properties is None:
        raise IndexUnavailable(
            f"Elasticsearch index {index} has mapping version {found}, expected {MAPPING_VERSION}; "
            "run rebuild() to re-index"
        )
    if isinstance(found, int) and found < FOLD_ANALYSIS_SINCE:
        _add_fold_analysis(client, index)
    # _meta is replaced as a whole; a concurrent upgrade by another process writes the same mapping.
    meta = {META_VERSION_KEY: MAPPING_VERSION, META_REFILL_KEY: f"upgraded from mapping version {found}"}
    client.indices.put_mapping(index=index, properties=properties, meta=meta)


def _add_fold_analysis(client: Elasticsearch, index: str) -> None:
    """Analysis settings are static: the index is closed for the moment it takes to add the folding analyzer
    (searches and writes in that moment fail as an outage and are retried like one)."""
    settings = client.indices.get_settings(index=index).body[index]["settings"]["index"]
    if FOLD_ANALYZER in settings.get("analysis", {}).get("analyzer", {}):
        return  # another process added it first
    client.indices.close(index=index)
    try:
        client.indices.put_settings(index=index, settings={"analysis": fold_analysis()})
    finally:
        client.indices.open(index=index, wait_for_active_shards="1")


def needs_refill(client: Elasticsearch, alias: str) -> bool:
    return any(META_REFILL_KEY in meta for meta in _meta(client, alias).values())
