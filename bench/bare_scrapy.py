"""The crawl's reference: stock Scrapy on the same sites, reading their RSS feeds and sitemaps (Scrapy's own
SitemapSpider) and fetching every page they list once, with no extraction, storage or processing, under the
crawl's concurrency settings. Prints "pages seconds". Run by bench/end_to_end.py:

    .venv/bin/python bench/bare_scrapy.py --feed URL ... --sitemap URL ... [--per-domain 8]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.spiders import SitemapSpider


class BareSpider(SitemapSpider):
    name = "bare"
    pages = 0

    def __init__(self, feeds: list[str], sitemaps: list[str], **kwargs: Any) -> None:
        self.sitemap_urls = sitemaps
        super().__init__(**kwargs)
        self.feeds = feeds

    async def start(self) -> Any:
        async for request in super().start():
            yield request
        for url in self.feeds:
            yield scrapy.Request(url, callback=self.parse_feed)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        response.selector.remove_namespaces()
        for link in response.xpath("//item/link/text() | //entry/link/@href").getall():
            yield scrapy.Request(link.strip(), callback=self.parse)

    def parse(self, response: Response) -> None:
        if response.status == 200:
            BareSpider.pages += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feed", action="append", default=[])
    parser.add_argument("--sitemap", action="append", default=[])
    parser.add_argument("--per-domain", type=int, default=8)
    args = parser.parse_args()
    process = CrawlerProcess({"LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "ROBOTSTXT_OBEY": True,
                              "CONCURRENT_REQUESTS": 16, "CONCURRENT_REQUESTS_PER_DOMAIN": args.per_domain,
                              "DOWNLOAD_TIMEOUT": 2, "RETRY_TIMES": 1, "COOKIES_ENABLED": False,
                              # As `satark crawl` runs in bench/end_to_end.py: autothrottle from no delay.
                              "AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_START_DELAY": 0,
                              "AUTOTHROTTLE_TARGET_CONCURRENCY": 4.0})
    started = time.perf_counter()
    process.crawl(BareSpider, feeds=args.feed, sitemaps=args.sitemap)
    process.start()
    print(BareSpider.pages, round(time.perf_counter() - started, 3))


if __name__ == "__main__":
    main()
