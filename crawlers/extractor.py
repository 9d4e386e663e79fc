"""Decoding and extraction off the crawl's event loop: in a worker process, so that parsing pages (CPU work)
uses the second core while the reactor keeps downloading. With no workers it runs inline."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Self

from core.processes import when_parent_exits
from crawlers.encoding import DecodedPage, decode_html
from crawlers.extraction import ExtractedFields, NoArticle, extract_article


@dataclass(frozen=True, slots=True)
class PageExtraction:
    page: DecodedPage
    result: ExtractedFields | NoArticle


def extract_page(body: bytes, content_type: str, url: str, min_text_chars: int) -> PageExtraction:
    page = decode_html(body, content_type)
    return PageExtraction(page, extract_article(page.text, url, min_text_chars=min_text_chars))


def exit_with_parent() -> None:
    """Pool initializer: a worker waits on its call queue for the next page, so one whose crawl process was killed
    (not interrupted: that shuts the pool down) would wait forever; it exits when its parent does."""
    when_parent_exits(lambda: os._exit(0))


class Extractor:
    def __init__(self, workers: int, min_text_chars: int) -> None:
        self.min_text_chars = min_text_chars
        # "spawn": a clean worker, not a fork of a process holding a reactor and database connections.
        self._pool: Executor | None = (
            ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                initializer=exit_with_parent)
            if workers > 0 else None
        )

    async def extract(self, body: bytes, content_type: str, url: str) -> PageExtraction:
        if self._pool is None:
            return extract_page(body, content_type, url, self.min_text_chars)
        future = self._pool.submit(extract_page, body, content_type, url, self.min_text_chars)
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
