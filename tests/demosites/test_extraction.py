"""trafilatura really gets the story out of the awkward pages (the reason they exist)."""

from __future__ import annotations

import pytest

from demosites.comments import comments_for
from demosites.expectations import Outcome
from demosites.server import DemoServer

trafilatura = pytest.importorskip("trafilatura")


def test_articles_extract_completely_even_from_trouble_pages(real_demo: DemoServer, get) -> None:
    troubled = [e for e in real_demo.expectations() if e.is_article and e.trouble is not None]
    plain = [e for e in real_demo.expectations() if e.is_article and e.trouble is None][:8]
    assert len(troubled) == 4
    for expectation in troubled + plain:
        assert expectation.article is not None
        text = trafilatura.extract(get(expectation.url).body, include_comments=False) or ""
        missing = [p for p in expectation.article.paragraphs if p not in text]
        assert not missing, (expectation.trouble, expectation.article.key, missing[:1])
        leaked = [c.text for c in comments_for(expectation.article) if c.text in text]
        assert not leaked, (expectation.article.key, leaked)


def test_no_article_pages_yield_little_text(real_demo: DemoServer, get) -> None:
    for expectation in real_demo.expectations():
        if expectation.kind is Outcome.NO_ARTICLE and expectation.trouble is not None:
            text = trafilatura.extract(get(expectation.url).body) or ""
            assert len(text.split()) < 100, expectation.url
