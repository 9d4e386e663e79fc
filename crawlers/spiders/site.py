"""Site sections: follow links from start pages up to a depth; URLs matching the section's patterns are articles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from core.records import Discovery, LinkHint
from crawlers.canonical import same_site
from crawlers.items import Fetched
from crawlers.spiders.base import ArticleSpider


class SiteSpider(ArticleSpider):
    name = "sections"
    via = Discovery.SECTION
    _links = LinkExtractor(unique=True)

    def discovery_requests(self) -> Iterable[scrapy.Request]:
        for source in self.sources:
            for index, section in enumerate(source.sections):
                for url in section.start_urls:
                    yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_discovery_error,
                                         meta={"source": source.name, "section": index, "listing_depth": 0},
                                         priority=10)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request | Fetched]:
        if not isinstance(response, TextResponse):
            return
        source = self._by_name[response.meta["source"]]
        section = source.sections[response.meta["section"]]
        depth = response.meta["listing_depth"]
        articles: list[LinkHint] = []
        for link in self._links.extract_links(response):
            if not same_site(link.url, response.url):
                continue
            parts = urlsplit(link.url)
            # An article of a sibling section (sidebars link them everywhere) is still an article, not a listing.
            if section.is_article_path(parts.path) or any(s.is_article_path(parts.path) for s in source.sections):
                articles.append(LinkHint(link.url, source.name, self.via, link.text.strip() or None))
            # A rel=nofollow link is the site asking robots not to follow it (often an action or a login).
            elif depth + 1 < section.depth and not link.nofollow and section.is_listing(parts.path, parts.query):
                yield scrapy.Request(link.url, callback=self.parse_listing, errback=self.on_discovery_error,
                                     meta={"source": source.name, "section": response.meta["section"],
                                           "listing_depth": depth + 1}, priority=5)
        yield from self.discover(source, articles)
