"""Scrapy item pipeline: persist articles and crawl events, settle frontier entries, count reasons."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler

from core.records import CrawlEvent, ExtractedArticle, Reason
from core.settings import SatarkSettings
from crawlers.items import Fetched
from crawlers.ports import CrawlStore


class StorePipeline:
    def __init__(self, crawler: Crawler, config: SatarkSettings) -> None:
        self.crawler = crawler
        self.config = config

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler, crawler.settings["SATARK_SETTINGS"])

    def _count(self, reason: Reason) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"satark/{reason.value}")

    def process_item(self, item: Fetched) -> Fetched:
        spider = self.crawler.spider
        store: CrawlStore = spider.store  # type: ignore[union-attr]
        run_id: int | None = spider.run_id  # type: ignore[union-attr]
        result = item.result
        if isinstance(result, ExtractedArticle):
            if store.articles.add(result, replace=self.config.crawl.refresh):
                reason = Reason.STORED
            else:
                # Another URL whose canonical link points at an article we already have.
                reason = Reason.ALREADY_STORED
                store.crawl.log(run_id, CrawlEvent(result.fetched_url, result.source, reason, result.url))
        else:
            reason = result.reason
            store.crawl.log(run_id, result)
        self._count(reason)
        if item.frontier_url is not None:
            store.crawl.settle(item.frontier_url, reason, max_attempts=self.config.crawl.max_attempts)
        return item
