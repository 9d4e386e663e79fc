"""Retries with exponential backoff: Scrapy's RetryMiddleware re-queues at once, which hammers a struggling server."""

from __future__ import annotations

import asyncio
import random
import time
from typing import Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

_NOT_BEFORE = "satark_retry_not_before"


class BackoffRetryMiddleware(RetryMiddleware):
    base_delay: float

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = super().from_crawler(crawler)
        middleware.base_delay = crawler.settings["SATARK_SETTINGS"].crawl.retry_backoff_base
        return middleware

    def _retry(self, request: Request, reason: str | Exception | type[Exception]) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None:
            attempt = retry.meta.get("retry_times", 1)
            # Full jitter keeps many retried requests from arriving at the same instant.
            delay = random.uniform(0.5, 1.0) * self.base_delay * 2 ** (attempt - 1)
            retry.meta[_NOT_BEFORE] = time.monotonic() + delay
        return retry

    async def process_request(self, request: Request) -> Response | None:
        wait = request.meta.get(_NOT_BEFORE, 0.0) - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        return None
