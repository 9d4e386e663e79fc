"""Validation of the typed records at the index boundary."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from index import IndexDocument, SearchQuery
from tests.index.index_corpus import CORPUS


@pytest.mark.parametrize(
    "changes",
    [
        {"id": ""},
        {"language": "fr"},
        {"sentiment": "angry"},
        {"review_status": "maybe"},
        {"fetched": datetime(2024, 4, 1, 10, 0)},
        {"published": datetime(2024, 4, 1, 10, 0)},
        {"misinfo_score": 1.5},
        {"misinfo_score": float("nan")},
        {"hostility": ("fake",)},  # a CONSTRAINT data-set label, not one the hostility model assigns
        {"hostility": ("non-hostile",)},
    ],
)
def test_invalid_documents_are_rejected(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        dataclasses.replace(CORPUS[0], **changes)


def test_hostility_labels_are_kept_once_in_catalogue_order() -> None:
    doc = dataclasses.replace(CORPUS[0], hostility=["offensive", "hostile", "offensive"])  # type: ignore[arg-type]
    assert doc.hostility == ("hostile", "offensive") and doc.hostile
    fine_only = dataclasses.replace(CORPUS[0], hostility=("defamation",))
    assert not fine_only.hostile
    assert SearchQuery(hostility=["hate", "hostile"]).hostility == ("hostile", "hate")  # type: ignore[arg-type]
    assert SearchQuery().hostile is None and SearchQuery().hostility == ()


def test_lists_become_tuples() -> None:
    doc = dataclasses.replace(CORPUS[0], tags=["a", "b"], models=["m"])  # type: ignore[arg-type]
    assert doc.tags == ("a", "b") and doc.models == ("m",)
    assert isinstance(doc, IndexDocument)
    hash(doc)


@pytest.mark.parametrize(
    "options",
    [
        {"per_page": 101},
        {"per_page": 0},
        {"page": 0},
        {"sort": "oldest"},
        {"published_from": datetime(2024, 4, 1)},
        {"min_score": 0.8, "max_score": 0.2},
        {"hostility": ("hateful",)},
    ],
)
def test_invalid_queries_are_rejected(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        SearchQuery(**options)  # type: ignore[arg-type]


def test_query_defaults() -> None:
    query = SearchQuery()
    assert (query.text, query.sort, query.page, query.per_page, query.include_duplicates) == (
        "", "relevance", 1, 20, True
    )
    assert SearchQuery(page=3, per_page=10).offset == 20
