"""Typed records that cross the search-index boundary (backend independent)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, TypeGuard, get_args

from core.claims import ArticleKind, FlagReason
from core.tasks import HOSTILE, HOSTILITY_CLASSES

Language = Literal["hi", "en", "other"]
Kind = Literal["news", "factcheck", "opinion"]  # core.claims.ArticleKind
Sentiment = Literal["negative", "neutral", "positive"]
ReviewStatus = Literal["unreviewed", "confirmed", "dismissed"]
SortOrder = Literal["relevance", "newest", "score"]

LANGUAGES: frozenset[str] = frozenset(get_args(Language))
SENTIMENTS: frozenset[str] = frozenset(get_args(Sentiment))
REVIEW_STATUSES: frozenset[str] = frozenset(get_args(ReviewStatus))
SORT_ORDERS: frozenset[str] = frozenset(get_args(SortOrder))
KINDS: tuple[str, ...] = tuple(kind.value for kind in ArticleKind)
NEWS = ArticleKind.NEWS.value
FACTCHECK = ArticleKind.FACTCHECK.value

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100

# The hostility model's labels (core.tasks): "hostile" is the coarse class the monitoring cell alerts on, the
# others say which kind of hostility. A document carries any subset, always in this order.
HOSTILITY_LABELS: tuple[str, ...] = HOSTILITY_CLASSES
# Why an article is flagged (core.claims.FlagReason), strongest first: a document lists its reasons in this order.
FLAG_REASONS: tuple[str, ...] = tuple(reason.value for reason in FlagReason)

# Facet names reported in SearchResult.facets; the flagged facet uses these string values. The hostility and
# flag_reason facets count documents per label (one document may count under several); labels no document
# carries are left out, as are kinds no document has.
FACET_FIELDS: tuple[str, ...] = ("language", "source", "sentiment", "flagged", "hostility", "kind", "flag_reason")
FLAGGED_TRUE = "true"
FLAGGED_FALSE = "false"


def _is_aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


def is_language(value: object) -> TypeGuard[Language]:
    return value in LANGUAGES


def is_sentiment(value: object) -> TypeGuard[Sentiment]:
    return value in SENTIMENTS


def catalogue_subset(name: str, labels: tuple[str, ...], catalogue: tuple[str, ...]) -> tuple[str, ...]:
    """`labels` without repeats in catalogue order, so equal label sets compare (and round-trip) equal."""
    unknown = set(labels) - set(catalogue)
    if unknown:
        raise ValueError(f"{name} must be labels of {list(catalogue)}, got {sorted(unknown)}")
    return tuple(label for label in catalogue if label in labels)


def hostility_labels(name: str, labels: tuple[str, ...]) -> tuple[str, ...]:
    return catalogue_subset(name, labels, HOSTILITY_LABELS)


def flag_reason_labels(name: str, reasons: tuple[str, ...]) -> tuple[str, ...]:
    return catalogue_subset(name, reasons, FLAG_REASONS)


def _check_unit_interval(name: str, value: float | None) -> None:
    # NaN would make score sorting and range filters silently wrong, so reject it at the boundary.
    if value is not None and (math.isnan(value) or not 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be within [0, 1], got {value!r}")


@dataclass(frozen=True)
class IndexDocument:
    """One processed article as the search index stores it.

    Backends store title/text (and evidence, claim, verdict) NFC-normalised, so `get()` may return NFC text for
    NFD input. `kind` is what the article is; a flagged article names why (`flag_reasons`, strongest first) and
    the sentence that drove its strongest flag (`evidence`), and `match_url` is the fact-check whose claim it
    repeats. A fact-check is never flagged: it carries the `claim` it reviews and the `verdict` in words.
    """

    id: str
    url: str
    title: str
    text: str
    language: Language
    source: str
    fetched: datetime
    tags: tuple[str, ...] = ()
    published: datetime | None = None
    misinfo_score: float | None = None
    flagged: bool = False
    sentiment: Sentiment | None = None
    sentiment_score: float | None = None
    duplicate_of: str | None = None
    review_status: ReviewStatus = "unreviewed"
    models: tuple[str, ...] = ()
    hostility: tuple[str, ...] = ()  # the hostility model's labels, a subset of HOSTILITY_LABELS
    kind: Kind = "news"
    flag_reasons: tuple[str, ...] = ()  # a subset of FLAG_REASONS
    evidence: str | None = None  # the sentence behind the strongest flag
    claim: str | None = None  # a fact-check's reviewed claim, or the known claim a flagged article repeats
    verdict: str | None = None  # its rating: "False", "फ़र्ज़ी (भारत समाचार, 2026-11-21)"
    match_url: str | None = None  # the fact-check a matched claim comes from

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("IndexDocument.id must be non-empty")
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {list(KINDS)}, got {self.kind!r}")
        object.__setattr__(self, "kind", str(self.kind))  # an ArticleKind member becomes its plain value
        if self.language not in LANGUAGES:
            raise ValueError(f"language must be one of {sorted(LANGUAGES)}, got {self.language!r}")
        if self.sentiment is not None and self.sentiment not in SENTIMENTS:
            raise ValueError(f"sentiment must be one of {sorted(SENTIMENTS)} or None, got {self.sentiment!r}")
        if self.review_status not in REVIEW_STATUSES:
            raise ValueError(
                f"review_status must be one of {sorted(REVIEW_STATUSES)}, got {self.review_status!r}"
            )
        # Naive datetimes are ambiguous (IST vs UTC) and would corrupt date filters.
        if not _is_aware(self.fetched):
            raise ValueError("fetched must be a timezone-aware datetime")
        if self.published is not None and not _is_aware(self.published):
            raise ValueError("published must be a timezone-aware datetime or None")
        _check_unit_interval("misinfo_score", self.misinfo_score)
        if self.sentiment_score is not None and math.isnan(self.sentiment_score):
            raise ValueError("sentiment_score must not be NaN")
        # Accept lists from callers but keep the record hashable and immutable.
        object.__setattr__(self, "tags", tuple(self.tags))
        object.__setattr__(self, "models", tuple(self.models))
        object.__setattr__(self, "hostility", hostility_labels("hostility", tuple(self.hostility)))
        object.__setattr__(self, "flag_reasons", flag_reason_labels("flag_reasons", tuple(self.flag_reasons)))
        if self.kind == FACTCHECK and self.flag_reasons:
            raise ValueError(f"a fact-check is never flagged, got flag_reasons {list(self.flag_reasons)}")

    @property
    def hostile(self) -> bool:
        return HOSTILE in self.hostility


@dataclass(frozen=True)
class SearchQuery:
    """A search request. Empty `text` matches every document.

    Date bounds are inclusive. A plain `date` is a whole calendar day in the index's date time zone
    (IST by default); a datetime must be timezone-aware. `hostile` keeps documents with (True) or without
    (False) the coarse "hostile" label; `hostility` keeps documents with any of the given labels. `kinds` keeps
    documents of any of the given kinds, `flag_reasons` documents flagged for any of the given reasons.
    """

    text: str = ""
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    sentiments: tuple[str, ...] = ()
    flagged: bool | None = None
    hostile: bool | None = None
    hostility: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    flag_reasons: tuple[str, ...] = ()
    review_statuses: tuple[str, ...] = ()  # unreviewed, confirmed, dismissed (the desk's decision on the flag)
    min_score: float | None = None
    max_score: float | None = None
    published_from: date | datetime | None = None
    published_to: date | datetime | None = None
    fetched_from: datetime | None = None  # crawled at or after (the digests' window: what is new since)
    include_duplicates: bool = True
    sort: SortOrder = "relevance"
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    highlight: bool = True

    def __post_init__(self) -> None:
        for name in ("languages", "sources", "sentiments"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "hostility", hostility_labels("hostility", tuple(self.hostility)))
        object.__setattr__(self, "kinds", catalogue_subset("kinds", tuple(self.kinds), KINDS))
        object.__setattr__(self, "flag_reasons", flag_reason_labels("flag_reasons", tuple(self.flag_reasons)))
        object.__setattr__(self, "review_statuses",
                           catalogue_subset("review_statuses", tuple(self.review_statuses), tuple(sorted(REVIEW_STATUSES))))
        if self.sort not in SORT_ORDERS:
            raise ValueError(f"sort must be one of {sorted(SORT_ORDERS)}, got {self.sort!r}")
        if self.page < 1:
            raise ValueError(f"page is 1-based, got {self.page}")
        if not 1 <= self.per_page <= MAX_PER_PAGE:
            raise ValueError(f"per_page must be within 1..{MAX_PER_PAGE}, got {self.per_page}")
        for name in ("published_from", "published_to"):
            value = getattr(self, name)
            if isinstance(value, datetime) and not _is_aware(value):
                raise ValueError(f"{name} must be a date or a timezone-aware datetime")
        if self.fetched_from is not None and not _is_aware(self.fetched_from):
            raise ValueError("fetched_from must be a timezone-aware datetime")
        for name in ("min_score", "max_score"):
            value = getattr(self, name)
            if value is not None and math.isnan(value):
                raise ValueError(f"{name} must not be NaN")
        if self.min_score is not None and self.max_score is not None and self.min_score > self.max_score:
            raise ValueError("min_score must not exceed max_score")

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


@dataclass(frozen=True)
class SearchHit:
    """One result row, ready for display.

    `title_highlighted` and `snippet` are safe HTML: everything is escaped except `<mark>` tags around
    matched words. `score` is relevance (higher is better; 0.0 when there is no text to rank by).
    """

    id: str
    url: str
    title: str
    language: str
    source: str
    published: datetime | None
    fetched: datetime
    misinfo_score: float | None
    flagged: bool
    sentiment: str | None
    duplicate_of: str | None
    review_status: str
    tags: tuple[str, ...]
    title_highlighted: str
    snippet: str
    score: float
    hostility: tuple[str, ...] = ()
    kind: str = "news"
    flag_reasons: tuple[str, ...] = ()
    evidence: str | None = None
    claim: str | None = None
    verdict: str | None = None
    match_url: str | None = None

    @property
    def hostile(self) -> bool:
        return HOSTILE in self.hostility

    @classmethod
    def from_document(cls, doc: IndexDocument, *, title_highlighted: str, snippet: str, score: float) -> SearchHit:
        """The display fields of a stored document plus what the search added (highlights, relevance)."""
        return cls(
            id=doc.id, url=doc.url, title=doc.title, language=doc.language, source=doc.source,
            published=doc.published, fetched=doc.fetched, misinfo_score=doc.misinfo_score, flagged=doc.flagged,
            sentiment=doc.sentiment, duplicate_of=doc.duplicate_of, review_status=doc.review_status, tags=doc.tags,
            title_highlighted=title_highlighted, snippet=snippet, score=score, hostility=doc.hostility,
            kind=doc.kind, flag_reasons=doc.flag_reasons, evidence=doc.evidence, claim=doc.claim, verdict=doc.verdict,
            match_url=doc.match_url,
        )


@dataclass(frozen=True)
class FacetCount:
    value: str
    count: int


@dataclass(frozen=True)
class SearchResult:
    """A page of hits plus totals and facets computed over the whole filtered result set."""

    total: int
    hits: tuple[SearchHit, ...]
    page: int
    per_page: int
    facets: dict[str, list[FacetCount]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))
