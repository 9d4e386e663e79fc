"""Mapping between IndexDocument / SearchHit and Elasticsearch `_source` documents."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from index.dates import to_epoch_us
from index.documents import IndexDocument, Kind, SearchHit
from index.elasticsearch.mapping import FOLDED_SEARCH_FIELDS, TAGS_SEARCH, TEXT_SEARCH, TITLE_SEARCH
from index.hindi_fold import FOLDED_LANGUAGES
from index.text_forms import nfc, search_form


def _nfc_or_none(value: str | None) -> str | None:
    return nfc(value) if value is not None else None


def document_to_source(doc: IndexDocument) -> dict[str, Any]:
    """The stored form: text NFC-normalised (as the SQLite backend stores it), the search form of
    title/text/tags for matching (see mapping.py), dates twice."""
    source: dict[str, Any] = {
        "id": doc.id,
        "url": doc.url,
        "title": nfc(doc.title),
        "text": nfc(doc.text),
        "language": doc.language,
        "source": nfc(doc.source),
        "tags": [nfc(t) for t in doc.tags],
        "published": doc.published.isoformat() if doc.published else None,
        "published_us": to_epoch_us(doc.published) if doc.published else None,
        "fetched": doc.fetched.isoformat(),
        "fetched_us": to_epoch_us(doc.fetched),
        "misinfo_score": doc.misinfo_score,
        "flagged": doc.flagged,
        "sentiment": doc.sentiment,
        "sentiment_score": doc.sentiment_score,
        "duplicate_of": doc.duplicate_of,
        "review_status": doc.review_status,
        "models": list(doc.models),
        "hostility": list(doc.hostility),
        "kind": doc.kind,
        "flag_reasons": list(doc.flag_reasons),
        "evidence": _nfc_or_none(doc.evidence),
        "claim": _nfc_or_none(doc.claim),
        "verdict": _nfc_or_none(doc.verdict),
        "match_url": doc.match_url,
        TITLE_SEARCH: search_form(doc.title),
        TEXT_SEARCH: search_form(doc.text),
        TAGS_SEARCH: [search_form(t) for t in doc.tags],
    }
    if doc.language in FOLDED_LANGUAGES:
        source.update(zip(FOLDED_SEARCH_FIELDS, (source[TITLE_SEARCH], source[TEXT_SEARCH], source[TAGS_SEARCH]), strict=True))
    return source


def _datetime_or_none(value: str | None) -> datetime | None:
    # The ISO string keeps the writer's UTC offset, so an IST article reads back as IST.
    return datetime.fromisoformat(value) if value is not None else None


def _float_or_none(value: Any) -> float | None:
    return float(value) if value is not None else None


def _kind(source: Mapping[str, Any]) -> Kind:
    # Documents indexed before mapping version 4 have no kind (nor flag reasons): they are news.
    kind = source.get("kind")
    return kind if kind is not None else "news"


def source_to_document(source: Mapping[str, Any]) -> IndexDocument:
    return IndexDocument(
        id=source["id"],
        url=source["url"],
        title=source["title"],
        text=source["text"],
        language=source["language"],
        source=source["source"],
        tags=tuple(source.get("tags") or ()),
        published=_datetime_or_none(source.get("published")),
        fetched=datetime.fromisoformat(source["fetched"]),
        misinfo_score=_float_or_none(source.get("misinfo_score")),
        flagged=bool(source["flagged"]),
        sentiment=source.get("sentiment"),
        sentiment_score=_float_or_none(source.get("sentiment_score")),
        duplicate_of=source.get("duplicate_of"),
        review_status=source["review_status"],
        models=tuple(source.get("models") or ()),
        hostility=tuple(source.get("hostility") or ()),
        kind=_kind(source),
        flag_reasons=tuple(source.get("flag_reasons") or ()),
        evidence=source.get("evidence"),
        claim=source.get("claim"),
        verdict=source.get("verdict"),
        match_url=source.get("match_url"),
    )


def source_to_hit(source: Mapping[str, Any], title_highlighted: str, snippet: str, score: float) -> SearchHit:
    return SearchHit.from_document(source_to_document(source), title_highlighted=title_highlighted,
                                   snippet=snippet, score=score)
