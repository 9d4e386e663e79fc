"""Mapping between IndexDocument / SearchHit and rows of the SQLite `documents` table."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from index.dates import to_epoch_us
from index.documents import IndexDocument, SearchHit
from index.hindi_fold import FOLDED_LANGUAGES, fold_text
from index.sqlite.schema import FLAG_REASON_BITS, HOSTILITY_BITS
from index.text_forms import nfc, search_form

# Column order used by the upsert statement; names match the documents table in schema.py.
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "url",
    "title",
    "body",
    "language",
    "source",
    "tags",
    "published",
    "published_us",
    "fetched",
    "fetched_us",
    "misinfo_score",
    "flagged",
    "sentiment",
    "sentiment_score",
    "duplicate_of",
    "review_status",
    "models",
    "hostility",
    "kind",
    "flag_reasons",
    "evidence",
    "claim",
    "verdict",
    "match_url",
    "title_fold",
    "body_fold",
    "tags_fold",
)


def _json_strings(values: tuple[str, ...]) -> str:
    # ensure_ascii=False keeps Devanagari readable when someone inspects the file with sqlite3.
    return json.dumps([nfc(v) for v in values], ensure_ascii=False)


def _mask(bits: dict[str, int], labels: tuple[str, ...]) -> int:
    mask = 0
    for label in labels:
        mask |= bits[label]
    return mask


def hostility_mask(labels: tuple[str, ...]) -> int:
    return _mask(HOSTILITY_BITS, labels)


def hostility_labels(mask: int) -> tuple[str, ...]:
    return tuple(label for label, bit in HOSTILITY_BITS.items() if mask & bit)


def flag_reasons_mask(reasons: tuple[str, ...]) -> int:
    return _mask(FLAG_REASON_BITS, reasons)


def flag_reasons_of(mask: int) -> tuple[str, ...]:
    return tuple(reason for reason, bit in FLAG_REASON_BITS.items() if mask & bit)


def _nfc_or_none(value: str | None) -> str | None:
    return nfc(value) if value is not None else None


def document_to_row(doc: IndexDocument) -> dict[str, Any]:
    return {
        "id": doc.id,
        "url": doc.url,
        "title": nfc(doc.title),
        "body": nfc(doc.text),
        "language": doc.language,
        "source": nfc(doc.source),
        "tags": _json_strings(doc.tags),
        "published": doc.published.isoformat() if doc.published else None,
        "published_us": to_epoch_us(doc.published) if doc.published else None,
        "fetched": doc.fetched.isoformat(),
        "fetched_us": to_epoch_us(doc.fetched),
        "misinfo_score": doc.misinfo_score,
        "flagged": int(doc.flagged),
        "sentiment": doc.sentiment,
        "sentiment_score": doc.sentiment_score,
        "duplicate_of": doc.duplicate_of,
        "review_status": doc.review_status,
        "models": json.dumps(list(doc.models), ensure_ascii=False),
        "hostility": hostility_mask(doc.hostility),
        "kind": doc.kind,
        "flag_reasons": flag_reasons_mask(doc.flag_reasons),
        "evidence": _nfc_or_none(doc.evidence),
        "claim": _nfc_or_none(doc.claim),
        "verdict": _nfc_or_none(doc.verdict),
        "match_url": doc.match_url,
        **_folded(doc),
    }


def _folded(doc: IndexDocument) -> dict[str, str]:
    """The folded words of a Hindi document, computed once here rather than each time the FTS table reads them
    (a highlight of the folded columns re-reads them)."""
    if doc.language not in FOLDED_LANGUAGES:
        return {"title_fold": "", "body_fold": "", "tags_fold": ""}
    return {"title_fold": fold_text(search_form(doc.title)), "body_fold": fold_text(search_form(doc.text)),
            "tags_fold": fold_text(search_form("\n".join(doc.tags)))}


def _datetime_or_none(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value is not None else None


def row_to_document(row: sqlite3.Row) -> IndexDocument:
    return IndexDocument(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        text=row["body"],
        language=row["language"],
        source=row["source"],
        tags=tuple(json.loads(row["tags"])),
        published=_datetime_or_none(row["published"]),
        fetched=datetime.fromisoformat(row["fetched"]),
        misinfo_score=row["misinfo_score"],
        flagged=bool(row["flagged"]),
        sentiment=row["sentiment"],
        sentiment_score=row["sentiment_score"],
        duplicate_of=row["duplicate_of"],
        review_status=row["review_status"],
        models=tuple(json.loads(row["models"])),
        hostility=hostility_labels(row["hostility"]),
        kind=row["kind"],
        flag_reasons=flag_reasons_of(row["flag_reasons"]),
        evidence=row["evidence"],
        claim=row["claim"],
        verdict=row["verdict"],
        match_url=row["match_url"],
    )


def row_to_hit(row: sqlite3.Row, title_highlighted: str, snippet: str, score: float) -> SearchHit:
    return SearchHit.from_document(row_to_document(row), title_highlighted=title_highlighted, snippet=snippet,
                                   score=score)
