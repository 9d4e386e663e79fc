"""Downloader middleware that applies the fetch policy (crawlers/policy.py) to every request a crawl makes.

It sits before robots.txt handling (so a refused host is not even asked for its robots.txt) and sees redirects and
meta refreshes again, as Scrapy schedules them as new requests. The address check resolves the host itself, once per
host and crawl; Scrapy resolves again when it connects, so a DNS server that answers differently within seconds
could still slip past (decision 55)."""

from __future__ import annotations

import asyncio
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from core.records import Discovery
from crawlers.policy import SourcePolicy, resolve_addresses

_ENTRY_VIAS = {Discovery.FEED.value, Discovery.SITEMAP.value}


class FetchPolicyMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._policies: dict[str, SourcePolicy] = {}
        self._addresses: dict[str, tuple[str, ...]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _policy(self, name: str) -> SourcePolicy:
        if name not in self._policies:
            sources = {s.name: s for s in self.crawler.spider.sources}  # type: ignore[union-attr]
            self._policies[name] = SourcePolicy.of(sources[name])
        return self._policies[name]

    async def process_request(self, request: Request) -> Response | None:
        name = request.meta.get("source")
        if name is None:  # robots.txt and the like, asked for on behalf of a request this already allowed
            return None
        policy = self._policy(name)
        # An article request (it has a frontier URL) that a feed or sitemap named may be off-site if the source says
        # so; so may the redirects it leads to, which carry its meta.
        entry = "frontier" in request.meta and request.meta.get("via") in _ENTRY_VIAS
        policy.check_host(request.url, entry=entry)
        host = urlparse_cached(request).hostname or ""
        policy.check_addresses(host, await self._resolve(host))
        return None

    async def _resolve(self, host: str) -> tuple[str, ...]:
        if host not in self._addresses:  # the lookup blocks: off the reactor's thread
            self._addresses[host] = await asyncio.get_running_loop().run_in_executor(None, resolve_addresses, host)
        return self._addresses[host]
