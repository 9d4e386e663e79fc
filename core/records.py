"""Typed records that flow one way: crawl -> process -> store/index -> search.

Crawlers produce `ExtractedArticle` or `CrawlEvent`; processing adds language, duplicate links and
classifications; the index receives `index.documents.IndexDocument` built from stored rows.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.tasks import TaskKind

if TYPE_CHECKING:
    from core.claims import ClaimAnalysis


class Reason(enum.StrEnum):
    """Why a URL did not become a stored article (or what happened to a feed). Counted in stats and the crawl log."""

    STORED = "stored"
    ALREADY_STORED = "already_stored"
    NOT_MODIFIED = "not_modified"
    NO_ARTICLE = "no_article"
    TOO_SHORT = "too_short"
    NOT_HTML = "not_html"
    TOO_LARGE = "too_large"
    ROBOTS = "robots_disallowed"
    HTTP_CLIENT_ERROR = "http_client_error"
    HTTP_SERVER_ERROR = "http_server_error"
    TIMEOUT = "timeout"
    NETWORK = "network_error"
    MALFORMED_FEED = "malformed_feed"
    MALFORMED_SITEMAP = "malformed_sitemap"
    CHARSET_MISMATCH = "charset_mismatch"
    UNSUPPORTED_URL = "unsupported_url"
    TOO_MANY_REDIRECTS = "too_many_redirects"  # a redirect loop, or a chain longer than the crawl allows: settled
    OFF_SITE = "off_site"  # on a host that is not one of the source's sites (the fetch policy)
    PRIVATE_ADDRESS = "private_address"  # resolves to loopback, a private network or the like (the fetch policy)
    GAVE_UP = "gave_up"

    @property
    def is_failure(self) -> bool:
        return self in _TRANSIENT or self is Reason.GAVE_UP

    @property
    def is_transient(self) -> bool:
        """Worth trying again on a later crawl (the frontier keeps the URL pending)."""
        return self in _TRANSIENT


_TRANSIENT = {Reason.TIMEOUT, Reason.NETWORK, Reason.HTTP_SERVER_ERROR}


class Discovery(enum.StrEnum):
    FEED = "feed"
    SITEMAP = "sitemap"
    SECTION = "section"


@dataclass(frozen=True, slots=True)
class LinkHint:
    """What a feed or sitemap said about an article before we fetched it."""

    url: str
    source: str
    via: Discovery
    title: str | None = None
    published: datetime | None = None


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """One news article as extracted from a fetched page, text already NFC-normalised."""

    id: str
    url: str  # canonical URL, the identity of the article
    fetched_url: str
    source: str
    title: str
    text: str
    fetched_at: datetime
    raw_html: bytes  # the bytes as served, so extraction can be re-run later
    encoding: str
    via: Discovery
    author: str | None = None
    published: datetime | None = None
    description: str | None = None
    image: str | None = None
    language_hint: str | None = None
    tags: tuple[str, ...] = ()
    http_status: int = 200
    content_type: str = "text/html"
    claim_reviews: tuple[ClaimReview, ...] = ()  # a fact-checker's verdicts, as its ClaimReview markup declares


@dataclass(frozen=True, slots=True)
class ClaimReview:
    """A fact-checker's published verdict on one claim (schema.org ClaimReview), as its page declares it."""

    claim: str  # claimReviewed: the claim in the fact-checker's words
    rating: str | None  # the verdict in words ("False", "भ्रामक"); reviewRating alternateName, else name
    rating_value: float | None = None  # on the publisher's own scale, worst_rating .. best_rating
    best_rating: float | None = None
    worst_rating: float | None = None
    claimant: str | None = None  # who made the claim (itemReviewed author), when named
    claim_date: datetime | None = None  # when the claim was made
    reviewer: str | None = None  # the fact-checking organisation (the review's author)
    reviewed: datetime | None = None  # when the verdict was published
    url: str | None = None  # the fact-check's own URL
    appearances: tuple[str, ...] = ()  # where the claim was seen (itemReviewed appearance/firstAppearance URLs)


@dataclass(frozen=True, slots=True)
class CrawlEvent:
    """Anything that happened to a URL that is not a stored article: a skip, an error, a feed note."""

    url: str
    source: str
    reason: Reason
    detail: str = ""
    status: int | None = None


@dataclass(frozen=True, slots=True)
class FrontierEntry:
    """A discovered article URL waiting in (or settled out of) the durable frontier."""

    url: str
    fetch_url: str
    source: str
    via: Discovery
    attempts: int
    hint_title: str | None
    hint_published: datetime | None
    last_reason: str | None = None


@dataclass(frozen=True, slots=True)
class Validators:
    """A feed's or sitemap's HTTP validators, for the next conditional GET."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    language: str  # "hi" | "en" | "other"
    confidence: float
    method: str  # "script" (fast path) or "langdetect"


@dataclass(slots=True)
class ProcessingResult:
    """What `satark process` learned about one stored article."""

    article_id: str
    language: LanguageGuess
    duplicate_of: str | None
    minhash: bytes
    predictions: dict[str, TaskPrediction] = field(default_factory=dict)
    analysis: ClaimAnalysis | None = None  # kind, claims, matches and flags (None: claim analysis did not run)


@dataclass(frozen=True)
class TaskPrediction:
    """One model's verdict on one text for one task."""

    task: str
    model: str  # "NAME/VERSION", e.g. "tfidf-lr/2026.11.29-1"
    # per-label probability; binary tasks carry only the positive label (read-only; not part of the hash)
    scores: Mapping[str, float] = field(hash=False)
    labels: tuple[str, ...]  # predicted label(s); empty for a binary task that did not fire
    kind: TaskKind | None = field(default=None)

    def __post_init__(self) -> None:
        # Frozen record: expose scores read-only so a shared prediction cannot be altered downstream.
        object.__setattr__(self, "scores", types.MappingProxyType(dict(self.scores)))
        object.__setattr__(self, "labels", tuple(self.labels))
        if self.kind is None:
            inferred = TaskKind.BINARY if len(self.scores) == 1 else TaskKind.MULTICLASS
            object.__setattr__(self, "kind", inferred)
        else:
            object.__setattr__(self, "kind", TaskKind(self.kind))
        unknown = [label for label in self.labels if label not in self.scores]
        if unknown:
            raise ValueError(f"predicted labels {unknown} have no score in {sorted(self.scores)}")

    @property
    def score(self) -> float:
        """Positive-class probability for binary tasks, otherwise the highest label probability."""
        return max(self.scores.values()) if self.scores else 0.0

    @property
    def label(self) -> str | None:
        """The first predicted label, or None when a binary/multi-label task did not fire."""
        return self.labels[0] if self.labels else None

    @property
    def flagged(self) -> bool:
        """True when an alerting task fired; a multi-class choice (e.g. sentiment) is never an alert."""
        return self.kind is not TaskKind.MULTICLASS and bool(self.labels)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for storage and APIs."""
        return {
            "task": self.task,
            "model": self.model,
            "kind": self.kind.value if self.kind else None,
            "scores": dict(self.scores),
            "labels": list(self.labels),
        }
