"""Articles and their raw pages: add/exists, byte-exact raw pages, Devanagari and time zones intact."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from core.records import Discovery, ExtractedArticle
from store.models import RawPageRow
from store.store import Store

ArticleFactory = Callable[..., ExtractedArticle]
IST = timezone(timedelta(hours=5, minutes=30))


def test_add_then_exists(store: Store, make_article: ArticleFactory) -> None:
    article = make_article()
    assert not store.articles.exists(article.id)
    assert store.articles.add(article) is True
    assert store.articles.exists(article.id)
    assert not store.articles.exists(make_article("other").id)


def test_stored_fields_round_trip_with_devanagari(store: Store, make_article: ArticleFactory) -> None:
    article = make_article(description="पहले चरण का मतदान", image="https://samachar.example/img/ec.jpg")
    store.articles.add(article)
    row = store.articles.get(article.id)
    assert row is not None
    assert (row.url, row.fetched_url, row.source, row.via) == (article.url, article.fetched_url, "samachar", "feed")
    assert row.title == article.title
    assert row.text == article.text
    assert row.author == "राजेश कुमार"
    assert row.description == "पहले चरण का मतदान"
    assert row.tags == ["national"]
    assert row.language_hint == "hi"
    assert row.processed_at is None


def test_datetimes_come_back_aware_and_equal(store: Store, make_article: ArticleFactory) -> None:
    published = datetime(2024, 4, 16, 10, 30, tzinfo=IST)
    article = make_article(published=published)
    store.articles.add(article)
    row = store.articles.get(article.id)
    assert row is not None and row.published is not None
    assert row.published == published  # same instant
    assert row.published.tzinfo is not None
    assert row.published.utcoffset() == timedelta(0)


def test_naive_datetime_is_refused(store: Store, make_article: ArticleFactory) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        store.articles.add(make_article(published=datetime(2024, 4, 16, 10, 30)))
    assert store.articles.count() == 0


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("<html><body><p>मतदान शांतिपूर्ण रहा। क़ानून</p></body></html>".encode(), "utf-8"),
        ("<p>\u201cWe will win\u201d \u2014 caf\u00e9</p>".encode("cp1252"), "cp1252"),  # not valid UTF-8
        (bytes(range(256)) * 4, "latin-1"),
    ],
    ids=["hindi-utf8", "english-cp1252", "all-bytes"],
)
def test_raw_page_round_trips_byte_exact(store: Store, make_article: ArticleFactory, raw: bytes, encoding: str) -> None:
    article = make_article(raw_html=raw, encoding=encoding, http_status=200, content_type="text/html; charset=x")
    store.articles.add(article)
    page = store.articles.raw_page(article.id)
    assert page is not None
    assert page.html == raw
    assert (page.encoding, page.status, page.content_type, page.fetched_url) == (
        encoding, 200, "text/html; charset=x", article.fetched_url)


def test_raw_page_is_stored_compressed(store: Store, make_article: ArticleFactory) -> None:
    raw = ("<p>" + "चुनाव आयोग ने मतदान की तारीख़ें घोषित कीं। " * 200 + "</p>").encode()
    article = make_article(raw_html=raw)
    store.articles.add(article)
    with store.sessions() as session:
        stored = session.scalar(select(RawPageRow.html_zlib).where(RawPageRow.article_id == article.id))
    assert stored is not None
    assert len(stored) < len(raw) // 5
    assert zlib.decompress(stored) == raw


def test_raw_page_of_unknown_article_is_none(store: Store) -> None:
    assert store.articles.raw_page("missing") is None
    assert store.articles.get("missing") is None


def test_re_adding_changes_nothing_unless_replacing(store: Store, make_article: ArticleFactory) -> None:
    article = make_article()
    store.articles.add(article)
    updated = make_article(text="संशोधित पाठ: मतदान की तारीख़ बदली गई।", raw_html=b"<p>v2</p>")
    assert store.articles.add(updated) is False
    row = store.articles.get(article.id)
    assert row is not None and row.text == article.text
    assert store.articles.raw_page(article.id).html == article.raw_html  # type: ignore[union-attr]


def test_replacing_updates_text_and_requeues_processing(store: Store, make_article: ArticleFactory) -> None:
    article = make_article()
    store.articles.add(article)
    store.articles.save_processing([])  # nothing to save: no error
    updated = make_article(text="संशोधित पाठ: मतदान की तारीख़ बदली गई।", raw_html=b"<p>v2</p>")
    assert store.articles.add(updated, replace=True) is True
    row = store.articles.get(article.id)
    assert row is not None and row.text == "संशोधित पाठ: मतदान की तारीख़ बदली गई।"
    page = store.articles.raw_page(article.id)
    assert page is not None and page.html == b"<p>v2</p>"
    assert store.articles.count() == 1


def test_counts(store: Store, make_article: ArticleFactory) -> None:
    hindi = make_article("chunav-1")
    english = make_article("ec-dates", hindi=False, via=Discovery.SITEMAP)
    store.articles.add(hindi)
    store.articles.add(english)
    assert store.articles.count_by_source() == {"samachar": 1, "daily": 1}
    assert store.articles.count() == 2
    assert store.articles.count(source="daily") == 1
    assert store.articles.count(processed=False) == 2
    assert store.articles.count(processed=True) == 0
    assert [r.id for r in store.articles.all(source="samachar")] == [hindi.id]


def test_unprocessed_order_is_first_published_with_undated_last(store: Store, make_article: ArticleFactory) -> None:
    base = datetime(2024, 4, 16, tzinfo=UTC)
    late = make_article("late", published=base + timedelta(hours=5))
    early = make_article("early", published=base + timedelta(hours=1))
    undated = make_article("undated", published=None, fetched_at=base - timedelta(days=1))
    for article in (late, undated, early):
        store.articles.add(article)
    assert [r.id for r in store.articles.unprocessed(10)] == [early.id, late.id, undated.id]
    assert [r.id for r in store.articles.unprocessed(1)] == [early.id]
