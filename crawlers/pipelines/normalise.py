"""Scrapy item pipeline wrapping the `pipeline.normalise` stage."""

from __future__ import annotations

from dataclasses import replace

from crawlers.items import Fetched
from pipeline.normalise import normalise_article
from pipeline.records import ExtractedArticle


class NormalisePipeline:
    def process_item(self, item: Fetched) -> Fetched:
        if isinstance(item.result, ExtractedArticle):
            return replace(item, result=normalise_article(item.result))
        return item
