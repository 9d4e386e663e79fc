"""Versioned indices behind one alias: find, create and atomically swap them.

Readers and writers address only the alias. A rebuild creates `v<N+1>`, fills it, then moves the
alias with a single `_aliases` call (remove + add are applied atomically by Elasticsearch), so a
concurrent search sees either the complete old index or the complete new one, never neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, Elasticsearch, NotFoundError

from index.elasticsearch.mapping import alias_name, version_of, versioned_name
from index.elasticsearch.migrate import ensure_mapping
from index.errors import IndexUnavailable


@dataclass(frozen=True)
class AliasState:
    alias: str
    indices: tuple[str, ...]  # concrete indices the alias points to (normally exactly one)


def _error_type(error: ApiError) -> str:
    body = error.body if isinstance(error.body, dict) else {}
    detail = body.get("error")
    return str(detail.get("type")) if isinstance(detail, dict) else ""


def current(client: Elasticsearch, prefix: str) -> AliasState:
    alias = alias_name(prefix)
    try:
        response = client.indices.get_alias(name=alias)
    except NotFoundError:
        return AliasState(alias, ())
    return AliasState(alias, tuple(sorted(response.body)))


def existing_versions(client: Elasticsearch, prefix: str) -> list[int]:
    response = client.indices.get(index=f"{alias_name(prefix)}-v*", expand_wildcards="all", allow_no_indices=True)
    versions = (version_of(prefix, name) for name in response.body)
    return sorted(v for v in versions if v is not None)


def create_version(client: Elasticsearch, prefix: str, *, with_alias: bool) -> str:
    """Create the next versioned index (settings and mapping come from the template)."""
    versions = existing_versions(client, prefix)
    name = versioned_name(prefix, (versions[-1] if versions else 0) + 1)
    body: dict[str, Any] = {}
    if with_alias:
        body["aliases"] = {alias_name(prefix): {"is_write_index": True}}
    client.indices.create(index=name, **body)
    return name


def ensure_alias(client: Elasticsearch, prefix: str) -> str:
    """The index behind the alias, creating `v1` (alias included, atomically) on first use and upgrading an
    older mapping in place."""
    state = current(client, prefix)
    if not state.indices:
        if client.indices.exists(index=state.alias).body:
            raise IndexUnavailable(f"'{state.alias}' is a concrete index, not an alias; delete or rename it")
        try:
            return create_version(client, prefix, with_alias=True)
        except ApiError as error:
            # Another process created the first version at the same moment: use theirs.
            if _error_type(error) != "resource_already_exists_exception":
                raise
            state = current(client, prefix)
    if len(state.indices) != 1:
        raise IndexUnavailable(f"alias '{state.alias}' points to {len(state.indices)} indices: {state.indices}")
    ensure_mapping(client, state.indices[0])
    return state.indices[0]


def swap(client: Elasticsearch, prefix: str, old: tuple[str, ...], new: str) -> None:
    """Point the alias at `new` only, in one atomic `_aliases` request."""
    alias = alias_name(prefix)
    actions: list[dict[str, Any]] = [{"remove": {"index": index, "alias": alias}} for index in old]
    actions.append({"add": {"index": new, "alias": alias, "is_write_index": True}})
    client.indices.update_aliases(actions=actions)
