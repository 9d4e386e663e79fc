"""Scrapy item pipeline wrapping the `core.text` normaliser."""

from __future__ import annotations

from dataclasses import replace

from core.records import ExtractedArticle
from core.text import normalise_article
from crawlers.items import Fetched


class NormalisePipeline:
    def process_item(self, item: Fetched) -> Fetched:
        if isinstance(item.result, ExtractedArticle):
            return replace(item, result=normalise_article(item.result))
        return item
