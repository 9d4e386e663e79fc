"""Typed records that flow one way: crawl -> process -> store/index -> search.

Crawlers produce `ExtractedArticle` or `CrawlEvent`; processing adds language, duplicate links and
classifications; the index receives `index.documents.IndexDocument` built from stored rows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from classifiers.base import TaskPrediction


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


@dataclass(frozen=True, slots=True)
class CrawlEvent:
    """Anything that happened to a URL that is not a stored article: a skip, an error, a feed note."""

    url: str
    source: str
    reason: Reason
    detail: str = ""
    status: int | None = None


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
