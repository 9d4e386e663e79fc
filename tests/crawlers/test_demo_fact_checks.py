"""The demo outlets' fact-checks reach the crawl as typed verdicts; their news pages (even the rumours) carry none."""

from __future__ import annotations

import asyncio
import urllib.request

import pytest
from scrapy.http import HtmlResponse, Request

from core.records import ExtractedArticle
from core.sources import parse_sources
from crawlers.extraction import ExtractedFields, extract_article
from crawlers.extractor import Extractor
from crawlers.spiders.feed import FeedSpider
from demosites.expectations import Expectation
from demosites.server import DemoServer

HINDI_FACT_CHECK = "bharat-samachar/evm-afwah-fact-check"
ENGLISH_FACT_CHECK = "capital-chronicle/fact-check-lucknow-polling-date-whatsapp"
# The rumours those fact-checks answer, and plain news: no ClaimReview on them.
NEWS = ("indus-courier/lucknow-polling-date-changed-whatsapp-letter", "jan-awaaz/lucknow-matdan-tithi-badli-whatsapp",
        "capital-chronicle/rebel-candidates-trouble-jvp-awadh", "bharat-samachar/diwali-bazar-record-bikri")


def expectation(demo: DemoServer, key: str) -> Expectation:
    article = demo.corpus.article(key)
    return next(e for e in demo.expectations(article.outlet) if e.article == article)


def page(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        body: bytes = response.read()
        return body


def extract(url: str) -> ExtractedFields:
    fields = extract_article(page(url).decode("utf-8"), url, min_text_chars=250)
    assert isinstance(fields, ExtractedFields), fields
    return fields


def test_every_demo_fact_check_yields_its_verdict(demo_server: DemoServer) -> None:
    fact_checks = [e for e in demo_server.expectations() if e.article is not None and e.article.claim_review]
    assert len(fact_checks) == 5 and {e.article.language for e in fact_checks if e.article} == {"hi", "en"}
    for fact_check in fact_checks:
        assert extract(fact_check.url).claim_reviews == fact_check.claim_reviews, fact_check.url


def test_the_hindi_and_english_verdicts_read_as_the_outlet_wrote_them(demo_server: DemoServer) -> None:
    (hindi,) = extract(expectation(demo_server, HINDI_FACT_CHECK).url).claim_reviews
    assert hindi.claim == "ईवीएम में गुप्त ब्लूटूथ चिप लगी है, जिससे मोबाइल से वोट बदले जा रहे हैं"
    assert (hindi.rating, hindi.rating_value, hindi.best_rating, hindi.worst_rating) == ("फ़र्ज़ी", 1.0, 5.0, 1.0)
    assert hindi.reviewer == "भारत समाचार" and hindi.claimant == "सोशल मीडिया यूज़र्स" and hindi.claim_date is None
    assert hindi.appearances == ("https://videos.example/watch/evm-gupt-bluetooth-chip",
                                 "https://chat.example/forwards/evm-chip-delete-hone-se-pehle-share-karein")
    (english,) = extract(expectation(demo_server, ENGLISH_FACT_CHECK).url).claim_reviews
    assert english.claim == "Polling in Lucknow and six neighbouring districts has been moved from November 19 to November 17"
    assert english.rating == "False" and english.reviewer == "The Capital Chronicle"
    assert english.reviewed == demo_server.corpus.article(ENGLISH_FACT_CHECK).published
    assert english.claim_date is not None and english.claim_date.date().isoformat() == "2026-11-09"


@pytest.mark.parametrize("key", NEWS)
def test_news_pages_yield_no_verdict(demo_server: DemoServer, key: str) -> None:
    assert extract(expectation(demo_server, key).url).claim_reviews == ()


def crawl_one(demo: DemoServer, key: str) -> ExtractedArticle:
    """Run the spiders' article parsing (as a crawl does after the download) on one demo page."""
    article = demo.corpus.article(key)
    sources = parse_sources(demo.sources_config()).sources
    url = demo.url(article.outlet, article.path)
    with Extractor(workers=0, min_text_chars=250) as extractor:
        spider = FeedSpider(sources=sources, store=None, extractor=extractor)  # type: ignore[arg-type]
        request = Request(url, meta={"source": article.outlet, "frontier": url, "via": "feed", "hint_published": None})
        response = HtmlResponse(url, body=page(url), headers={"Content-Type": "text/html; charset=utf-8"},
                                request=request)

        async def parse() -> list[object]:
            return [fetched.result async for fetched in spider.parse_article(response)]

        (result,) = asyncio.run(parse())
    assert isinstance(result, ExtractedArticle), result
    return result


@pytest.mark.parametrize("key", [HINDI_FACT_CHECK, ENGLISH_FACT_CHECK, "jan-awaaz/evm-gupt-chip-video-ki-sachchai"])
def test_the_crawled_article_keeps_its_verdicts(demo_server: DemoServer, key: str) -> None:
    crawled = crawl_one(demo_server, key)
    assert crawled.claim_reviews == expectation(demo_server, key).claim_reviews != ()
    assert crawled.claim_reviews[0].url == crawled.url  # the review is of this very page


def test_a_crawled_news_article_has_no_verdicts(demo_server: DemoServer) -> None:
    assert crawl_one(demo_server, NEWS[1]).claim_reviews == ()
