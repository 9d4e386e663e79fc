"""News sitemaps and sitemap indexes: page URLs (with news:title / publication date) into the frontier."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import scrapy
from scrapy.http import Response

from core.records import CrawlEvent, Discovery, LinkHint, Reason
from crawlers.items import Fetched
from crawlers.sitemaps import MalformedSitemap, parse_sitemap
from crawlers.spiders.base import ArticleSpider


class SitemapSpider(ArticleSpider):
    name = "sitemaps"
    via = Discovery.SITEMAP

    def discovery_requests(self) -> Iterable[scrapy.Request]:
        for source in self.sources:
            for url in source.sitemaps:
                yield self.conditional_request(url, self.parse_sitemap, source)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | Fetched]:
        source = self._by_name[response.meta["source"]]
        if unchanged := self.not_modified(response):
            yield unchanged
            return
        try:
            sitemap = parse_sitemap(response.body)
        except MalformedSitemap as exc:
            yield Fetched(CrawlEvent(response.url, source.name, Reason.MALFORMED_SITEMAP, str(exc), response.status))
            return
        if sitemap.is_index:
            for child in sitemap.urls:
                yield self.conditional_request(response.urljoin(child.loc), self.parse_sitemap, source)
        else:
            hints = [LinkHint(response.urljoin(u.loc), source.name, self.via, u.news_title,
                              u.news_published or u.lastmod) for u in sitemap.urls]
            yield from self.discover(source, hints)
        self.remember_validators(response)
