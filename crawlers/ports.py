"""What a crawl needs from the system of record, as protocols: the crawlers never import the store.

The composition root hands in the real store (`store.store.Store` satisfies `CrawlStore` structurally); tests
may hand in anything with the same shape.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Protocol

from core.records import CrawlEvent, ExtractedArticle, FrontierEntry, LinkHint, Reason, Validators


class CrawlState(Protocol):
    """The durable frontier, feed validators, crawl runs and the crawl log."""

    def discover(self, hints: Iterable[tuple[str, LinkHint]], *,
                 refresh_before: datetime | None = None) -> list[FrontierEntry]: ...

    def pending(self, sources: Iterable[str]) -> list[FrontierEntry]: ...

    def settle(self, url: str, reason: Reason, *, max_attempts: int) -> None: ...

    def validators(self, url: str) -> Validators | None: ...

    def save_validators(self, url: str, status: int, etag: str | None, last_modified: str | None) -> None: ...

    def start_run(self, sources: list[str]) -> int: ...

    def finish_run(self, run_id: int, reason: str, stats: dict[str, Any]) -> None: ...

    def log(self, run_id: int | None, event: CrawlEvent) -> None: ...

    def sync_source(self, name: str, language: str | None, tags: list[str], interval_s: int) -> None: ...

    def mark_crawled(self, names: Iterable[str], when: datetime | None = None) -> None: ...


class ArticleSink(Protocol):
    def add(self, article: ExtractedArticle, *, replace: bool = False) -> bool:
        """Store an article; False when its canonical URL is already stored (and `replace` is off)."""
        ...


class CrawlStore(Protocol):
    @property
    def crawl(self) -> CrawlState: ...

    @property
    def articles(self) -> ArticleSink: ...
