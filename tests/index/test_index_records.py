"""Validation of the typed records at the index boundary."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from core.claims import ArticleKind, FlagReason
from index import IndexDocument, SearchQuery
from index.documents import FLAG_REASONS, KINDS
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
        {"kind": "blog"},
        {"flag_reasons": ("hostile",)},  # a hostility label is no flag reason
        {"flag_reasons": ("matches_factcheck",)},
        # A fact-check is never flagged.
        {"kind": "factcheck", "flag_reasons": ("style",)},
        {"kind": "factcheck", "flag_reasons": ("matches-factcheck",)},
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


def test_factcheck_with_flag_reasons_is_rejected_with_a_reason() -> None:
    with pytest.raises(ValueError, match="fact-check is never flagged"):
        IndexDocument(**{**dataclasses.asdict(CORPUS[0]), "kind": "factcheck", "flag_reasons": ("style",)})
    factcheck = dataclasses.replace(CORPUS[0], kind="factcheck", claim="दावा", verdict="फ़र्ज़ी")
    assert factcheck.flag_reasons == () and factcheck.verdict == "फ़र्ज़ी"


def test_kinds_and_flag_reasons_follow_core_claims() -> None:
    assert KINDS == tuple(kind.value for kind in ArticleKind) == ("news", "factcheck", "opinion")
    assert FLAG_REASONS == tuple(reason.value for reason in FlagReason) == ("matches-factcheck", "style")
    doc = dataclasses.replace(CORPUS[0], kind=ArticleKind.OPINION,  # type: ignore[arg-type]
                              flag_reasons=[FlagReason.STYLE, "matches-factcheck", FlagReason.STYLE])
    assert doc.kind == "opinion" and type(doc.kind) is str
    assert doc.flag_reasons == ("matches-factcheck", "style")  # strongest first, once each
    assert (CORPUS[0].kind, CORPUS[0].flag_reasons, CORPUS[0].evidence) == ("news", (), None)
    query = SearchQuery(kinds=["opinion", "news", "opinion"], flag_reasons=("style", "matches-factcheck"))  # type: ignore[arg-type]
    assert (query.kinds, query.flag_reasons) == (("news", "opinion"), ("matches-factcheck", "style"))
    assert (SearchQuery().kinds, SearchQuery().flag_reasons) == ((), ())


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
        {"fetched_from": datetime(2024, 4, 1)},
        {"min_score": 0.8, "max_score": 0.2},
        {"hostility": ("hateful",)},
        {"kinds": ("blog",)},
        {"kinds": "news"},  # a bare string would be read as letters
        {"flag_reasons": ("fake",)},
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
