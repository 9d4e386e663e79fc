"""The schema.org JSON-LD a page declares, as plain items: read once, used for dates, bylines, types and claims."""

from __future__ import annotations

import json

import lxml.html


def json_ld_items(tree: lxml.html.HtmlElement) -> list[dict[str, object]]:
    """Every JSON-LD object on the page, `@graph` members included; broken scripts are skipped."""
    items: list[dict[str, object]] = []
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            # Broken JSON-LD is common and not our problem: other metadata still counts. JSON nested deeper than
            # the interpreter's recursion limit (a hostile page) cannot be read either, and must not fail the page.
            continue
        items.extend(json_ld_objects(data))
    return items


def json_ld_objects(data: object) -> list[dict[str, object]]:
    """The objects of one parsed JSON-LD document: itself, its list members or its `@graph` members."""
    if isinstance(data, dict) and isinstance(data.get("@graph"), list):
        data = data["@graph"]
    return [item for item in (data if isinstance(data, list) else [data]) if isinstance(item, dict)]


def json_ld_types(item: dict[str, object]) -> set[str]:
    """An item's `@type`s, lower-cased (a type may be one string or a list)."""
    declared = item.get("@type")
    return {value.lower() for value in (declared if isinstance(declared, list) else [declared])
            if isinstance(value, str)}


def names(value: object) -> list[str]:
    """The names in a Person/Organization value: a string, an object with `name`, or a list of either."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in names(item)]
    return []
