"""RSS/Atom feeds: conditional GET, feedparser on the downloaded bytes, entries into the frontier."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import scrapy
from scrapy.http import Response

from core.records import CrawlEvent, Discovery, LinkHint, Reason
from crawlers.feeds import parse_feed
from crawlers.items import Fetched
from crawlers.spiders.base import ArticleSpider


class FeedSpider(ArticleSpider):
    name = "feeds"
    via = Discovery.FEED

    def discovery_requests(self) -> Iterable[scrapy.Request]:
        for source in self.sources:
            for url in source.feeds:
                yield self.conditional_request(url, self.parse_feed, source)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request | Fetched]:
        source = self._by_name[response.meta["source"]]
        if unchanged := self.not_modified(response):
            yield unchanged
            return
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1") or None
        feed = parse_feed(response.body, content_type=content_type, base_url=response.url)
        if feed.malformed:
            yield Fetched(CrawlEvent(response.url, source.name, Reason.MALFORMED_FEED,
                                     f"{feed.malformed}; {len(feed.entries)} entries recovered", response.status))
        hints = [LinkHint(e.link, source.name, self.via, e.title, e.published) for e in feed.entries]
        yield from self.discover(source, hints)
        # Only after the entries are safely in the frontier: a crash before this point re-reads the whole feed.
        if feed.entries or not feed.malformed:
            self.remember_validators(response)
