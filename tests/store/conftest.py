"""A fresh SQLite store per test, and a factory for extracted articles (Hindi and English)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from core.records import Discovery, ExtractedArticle
from crawlers.canonical import article_id, canonicalize
from store.store import Store

ArticleFactory = Callable[..., ExtractedArticle]

HINDI_TEXT = (
    "चुनाव आयोग ने मंगलवार को घोषणा की कि पहले चरण का मतदान उन्नीस अप्रैल को होगा।\n"
    "फ़र्ज़ी ख़बरें फैलाने वालों पर सख़्त कार्रवाई की जाएगी।"
)
ENGLISH_TEXT = "The Election Commission announced that polling for the first phase will be held on April 19."


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'satark.sqlite'}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def make_article() -> ArticleFactory:
    def make(slug: str = "chunav-1", *, hindi: bool = True, **changes: Any) -> ExtractedArticle:
        url = canonicalize(f"https://samachar.example/desh/{slug}")
        title = "चुनाव आयोग ने तारीख़ें घोषित कीं" if hindi else "EC announces poll dates"
        text = HINDI_TEXT if hindi else ENGLISH_TEXT
        article = ExtractedArticle(
            id=article_id(url),
            url=url,
            fetched_url=url + "?utm_source=rss",
            source="samachar" if hindi else "daily",
            title=title,
            text=text,
            fetched_at=datetime(2024, 4, 16, 5, 0, tzinfo=UTC),
            raw_html=f"<html><body><h1>{title}</h1><p>{text}</p></body></html>".encode(),
            encoding="utf-8",
            via=Discovery.FEED,
            author="राजेश कुमार" if hindi else "Priya Sharma",
            published=datetime(2024, 4, 16, 4, 0, tzinfo=UTC),
            language_hint="hi" if hindi else "en",
            tags=("national",),
        )
        return replace(article, **changes)

    return make
