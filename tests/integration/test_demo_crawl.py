"""Real Scrapy crawls of the demo sites over loopback, checked against each page's ground truth."""

from __future__ import annotations

import difflib
import json
from collections import Counter

import pytest

from core.records import Reason
from crawlers.canonical import article_id
from demosites.expectations import Expectation, Outcome
from demosites.server import DemoServer
from tests.conftest import run_satark
from tests.demo_crawl import Crawled

pytestmark = [pytest.mark.crawl, pytest.mark.slow]



def _articles(crawled: Crawled) -> list[Expectation]:
    return [e for e in crawled.expectations if e.is_article]


def test_every_article_is_stored_with_its_ground_truth(crawled: Crawled) -> None:
    articles = _articles(crawled)
    assert sum(e.article is not None and e.article.language == "hi" for e in articles) >= 40
    assert sum(e.article is not None and e.article.language == "en" for e in articles) >= 40
    missing = [e.url for e in articles if crawled.article(e) is None]
    assert not missing
    for expectation in articles:
        row = crawled.article(expectation)
        truth = expectation.article
        assert row is not None and truth is not None
        assert row.title == truth.title, expectation.url
        similarity = difflib.SequenceMatcher(None, truth.text, row.text, autojunk=False).ratio()
        assert similarity >= 0.95, (expectation.url, similarity)
        # Nothing but the article: every extracted line is one of its paragraphs (no menus, ads, comments,
        # "leave a reply" forms, related links), and every paragraph is there.
        lines = row.text.split("\n")
        assert set(lines) <= set(truth.paragraphs), (expectation.url, set(lines) - set(truth.paragraphs))
        assert set(truth.paragraphs) <= set(lines), expectation.url
        assert row.published is not None and row.published == truth.published
        assert row.description == truth.description
        assert row.image is not None and row.image.startswith("http")
        if truth.author:
            assert row.author == truth.author


def test_only_articles_are_stored(crawled: Crawled) -> None:
    expected = {article_id(e.url) for e in _articles(crawled)}
    stored = {a.id for a in crawled.store.articles.all()}
    assert stored == expected


def test_canonical_urls_drop_tracking_parameters(crawled: Crawled) -> None:
    tracked = [e for e in _articles(crawled) if e.linked_as]
    assert tracked, "the demo links some articles with tracking parameters"
    for expectation in tracked:
        row = crawled.article(expectation)
        assert row is not None
        assert row.url == expectation.url and "utm_" not in row.url and "?" not in row.url
        assert row.id == article_id(row.url)


def test_language_is_detected_per_outlet(crawled: Crawled) -> None:
    for expectation in _articles(crawled):
        row = crawled.article(expectation)
        assert row is not None and expectation.article is not None
        assert row.language == expectation.article.language, expectation.url
        assert row.language_confidence is not None and row.language_confidence > 0.8


def test_syndicated_copies_point_at_their_original(crawled: Crawled) -> None:
    copies = [e for e in crawled.expectations if e.kind is Outcome.NEAR_DUPLICATE]
    assert len(copies) >= 4
    originals = {(e.outlet, e.article.slug): e for e in _articles(crawled) if e.article is not None}
    for copy in copies:
        assert copy.article is not None and copy.article.syndicated_from is not None
        outlet, slug = copy.article.syndicated_from.split("/", 1)
        original = originals[(outlet, slug)]
        row = crawled.article(copy)
        assert row is not None
        assert row.duplicate_of == article_id(original.url), copy.url
    plain = [e for e in _articles(crawled) if e.kind is Outcome.ARTICLE]
    assert all(crawled.article(e).duplicate_of is None for e in plain)  # type: ignore[union-attr]


OUTCOME_REASONS = {
    Outcome.NO_ARTICLE: {Reason.NO_ARTICLE.value, Reason.TOO_SHORT.value},
    Outcome.NOT_HTML: {Reason.NOT_HTML.value},
    Outcome.TOO_LARGE: {Reason.TOO_LARGE.value},
    Outcome.HTTP_404: {Reason.HTTP_CLIENT_ERROR.value},
    Outcome.HTTP_500: {Reason.HTTP_SERVER_ERROR.value},
    Outcome.TIMEOUT: {Reason.TIMEOUT.value},
    Outcome.ROBOTS: {Reason.ROBOTS.value},
}


def test_trouble_pages_are_logged_with_a_reason(crawled: Crawled) -> None:
    log = crawled.store.crawl.log_entries()
    by_url: dict[str, set[str]] = {}
    for entry in log:
        by_url.setdefault(entry.url.split("?")[0], set()).add(entry.reason)
    seen_kinds = set()
    for expectation in crawled.expectations:
        wanted = OUTCOME_REASONS.get(expectation.kind)
        if wanted is None:
            continue
        seen_kinds.add(expectation.kind)
        reasons = by_url.get(expectation.url, set())
        assert reasons & wanted, (expectation.url, expectation.kind, reasons)
    assert seen_kinds == set(OUTCOME_REASONS), "the demo must exercise every kind of trouble"


def test_robots_disallowed_urls_are_never_requested(crawled: Crawled, demo_server: DemoServer) -> None:
    for expectation in crawled.expectations:
        if expectation.kind is Outcome.ROBOTS:
            assert crawled.first_hits[expectation.outlet][expectation.path] == 0


def test_malformed_feed_is_counted_and_its_entries_recovered(crawled: Crawled) -> None:
    malformed = crawled.store.crawl.log_entries(reason=Reason.MALFORMED_FEED)
    assert malformed and "recovered" in malformed[0].detail


def test_wrong_charsets_are_decoded_right(crawled: Crawled) -> None:
    charset_cases = [e for e in _articles(crawled) if e.trouble is not None and "CHARSET" in e.trouble.name]
    assert len(charset_cases) >= 2
    for expectation in charset_cases:
        row = crawled.article(expectation)
        assert row is not None and expectation.article is not None
        assert row.title == expectation.article.title
        assert "Ã" not in row.text and "\ufffd" not in row.text
    assert crawled.store.crawl.log_entries(reason=Reason.CHARSET_MISMATCH)


def test_first_crawl_report_counts_outcomes(crawled: Crawled) -> None:
    assert "stored" in crawled.first.stdout
    run = crawled.store.crawl.log_entries()
    assert run  # the crawl log is written
    stats = Counter(e.reason for e in run)
    assert stats[Reason.TIMEOUT.value] >= 1 and stats[Reason.TOO_LARGE.value] >= 1


def test_second_crawl_downloads_no_unchanged_article(crawled: Crawled) -> None:
    article_paths = {(e.outlet, e.path) for e in _articles(crawled)}
    refetched = [(o, p) for (o, p) in article_paths if crawled.second_hits[o][p] > 0]
    assert not refetched
    not_modified = crawled.store.crawl.log_entries(reason=Reason.NOT_MODIFIED)
    assert len(not_modified) >= 8  # every feed and sitemap of the four outlets answered 304


def test_processing_classified_and_indexed_everything(crawled: Crawled) -> None:
    assert crawled.store.articles.count(processed=False) == 0
    assert crawled.store.outbox.size() == 0
    some = crawled.store.articles.all()[0]
    tasks = {c.task for c in crawled.store.articles.classifications(some.id)}
    assert {"misinformation", "sentiment"} <= tasks


def test_search_finds_hindi_and_english(crawled: Crawled) -> None:
    hindi = run_satark(crawled.home, "search", "चुनाव", "--json", "--per-page", "50")
    assert hindi.returncode == 0, hindi.stderr
    hits = [json.loads(line) for line in hindi.stdout.splitlines()]
    assert hits and all(h["language"] == "hi" for h in hits)
    assert all("चुनाव" in h["snippet"] or "चुनाव" in h["title"] for h in hits)
    english = run_satark(crawled.home, "search", "election", "--lang", "en", "--json")
    en_hits = [json.loads(line) for line in english.stdout.splitlines()]
    assert en_hits and all(h["language"] == "en" for h in en_hits)
    assert {"id", "url", "title", "language", "source", "published", "scores", "duplicate_of"} <= set(en_hits[0])
    everything = run_satark(crawled.home, "search", "--json", "--per-page", "100")
    rows = [json.loads(line) for line in everything.stdout.splitlines()]
    dates = [r["published"] for r in rows]
    assert dates == sorted(dates, reverse=True)  # empty query: newest first


def test_reextract_restores_articles_from_their_raw_pages(crawled: Crawled) -> None:
    article = next(a for a in crawled.store.articles.all() if a.language == "hi")
    original_text = article.text
    crawled.store.articles.update_extraction(article.id, title=article.title, text="बिगड़ा हुआ पाठ",
                                             author=article.author, published=article.published,
                                             description=article.description, image=article.image)
    result = run_satark(crawled.home, "reextract", "--source", article.source)
    assert result.returncode == 0, result.stderr
    assert "changed: 1" in result.stdout
    restored = crawled.store.articles.get(article.id)
    assert restored is not None and restored.text == original_text
    assert restored.processed_at is not None  # processed again after the change


def test_status_summarises_the_data_folder(crawled: Crawled) -> None:
    result = run_satark(crawled.home, "status")
    assert result.returncode == 0, result.stderr
    for outlet in ("bharat-samachar", "jan-awaaz", "capital-chronicle", "indus-courier"):
        assert outlet in result.stdout
    assert "0 to process, 0 index write(s) in the outbox" in result.stdout
    assert "last crawl (run 2, finished" in result.stdout and "not_modified" in result.stdout
