"""Run the feed, sitemap and site spiders one after another in one process, and report what happened."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from scrapy import signals
from scrapy.crawler import AsyncCrawlerProcess
from scrapy.utils.defer import deferred_from_coro

from core.records import Reason
from core.settings import SatarkSettings
from core.sources import Source
from crawlers.extractor import Extractor
from crawlers.items import Fetched
from crawlers.ports import CrawlStore
from crawlers.settings import scrapy_settings
from crawlers.spiders.base import ArticleSpider
from crawlers.spiders.feed import FeedSpider
from crawlers.spiders.site import SiteSpider
from crawlers.spiders.sitemap import SitemapSpider

# Feeds first (freshest, cheapest), then sitemaps, then link-following: each later spider finds most URLs settled.
SPIDERS: tuple[type[ArticleSpider], ...] = (FeedSpider, SitemapSpider, SiteSpider)


@dataclass
class CrawlReport:
    run_id: int
    counts: Counter[str] = field(default_factory=Counter)
    planned: tuple[str, ...] = ()
    finish_reasons: dict[str, str] = field(default_factory=dict)
    requests: int = 0
    spider_errors: int = 0
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        return self.counts.get(Reason.STORED.value, 0)

    @property
    def interrupted(self) -> bool:
        """A spider stopped early (Ctrl-C, a signal) or never ran because an earlier one was stopped."""
        return any(self.finish_reasons.get(name) != "finished" for name in self.planned)


OutcomeListener = Callable[[str, Fetched], None]


def run_crawl(config: SatarkSettings, sources: tuple[Source, ...], store: CrawlStore,
              on_outcome: OutcomeListener | None = None) -> CrawlReport:
    """Crawl `sources` to the store. Blocks; call once per process (Twisted's reactor cannot restart).

    `on_outcome(spider_name, fetched)` is called for every settled URL (for progress displays)."""
    for source in sources:
        store.crawl.sync_source(source.name, source.language, list(source.tags),
                                int(source.crawl_interval.total_seconds()))
    run_id = store.crawl.start_run([s.name for s in sources])
    spiders = [cls for cls in SPIDERS if any(_uses(cls, s) for s in sources)]
    report = CrawlReport(run_id=run_id, planned=tuple(cls.name for cls in spiders))
    started = time.monotonic()
    refresh_before = datetime.now(UTC) if config.crawl.refresh else None
    process = AsyncCrawlerProcess(scrapy_settings(config))
    from twisted.internet import reactor  # installed (asyncio flavour) by AsyncCrawlerProcess

    async def crawl_all() -> None:
        for spider_cls in spiders:
            crawler = process.create_crawler(spider_cls)
            if on_outcome is not None:
                crawler.signals.connect(lambda item, name=spider_cls.name, **_: on_outcome(name, item),
                                        signal=signals.item_scraped, weak=False)
            await crawler.crawl_async(sources=sources, store=store, extractor=extractor, run_id=run_id,
                                      refresh_before=refresh_before)
            stats = crawler.stats.get_stats() if crawler.stats else {}
            report.finish_reasons[spider_cls.name] = str(stats.get("finish_reason", "unknown"))
            report.requests += int(stats.get("downloader/request_count", 0))
            for key, value in stats.items():
                if key.startswith("satark/"):
                    report.counts[key.removeprefix("satark/")] += int(value)
            # A callback that raised is a bug in our code, not a property of the site: count it loudly.
            report.spider_errors += int(stats.get("spider_exceptions/count", 0))
            if report.finish_reasons[spider_cls.name] != "finished":
                break  # interrupted (Ctrl-C): the frontier keeps the rest for the next crawl

    async def chain() -> None:
        try:
            await crawl_all()
        finally:
            if reactor.running:  # Ctrl-C may have stopped it already
                reactor.stop()  # type: ignore[misc]  # twisted declares stop on the interface, not the module attribute

    with Extractor(config.crawl.extract_workers, config.crawl.min_text_chars) as extractor:
        reactor.callWhenRunning(lambda: deferred_from_coro(chain()))
        process.start(stop_after_crawl=False)
    report.seconds = time.monotonic() - started
    store.crawl.finish_run(run_id, "interrupted" if report.interrupted else "finished", dict(report.counts))
    if not report.interrupted:
        store.crawl.mark_crawled(s.name for s in sources)
    return report


def _uses(spider_cls: type[ArticleSpider], source: Source) -> bool:
    return bool({FeedSpider: source.feeds, SitemapSpider: source.sitemaps, SiteSpider: source.sections}[spider_cls])
