"""What spiders yield: the result of fetching one URL, tagged with the frontier entry it settles."""

from __future__ import annotations

from dataclasses import dataclass

from core.records import CrawlEvent, ExtractedArticle


@dataclass(frozen=True, slots=True)
class Fetched:
    result: ExtractedArticle | CrawlEvent
    frontier_url: str | None = None  # None for feeds, sitemaps and listing pages (not in the frontier)
