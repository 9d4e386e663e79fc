"""Frontier discover/pending/settle semantics, conditional-GET validators, crawl runs, the crawl log, sources."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from core.records import CrawlEvent, Discovery, ExtractedArticle, LinkHint, Reason
from store.crawl_state import Validators
from store.store import Store

ArticleFactory = Callable[..., ExtractedArticle]
BASE = "https://samachar.example/desh/"
PUBLISHED = datetime(2024, 4, 16, 5, 0, tzinfo=UTC)


def hint(slug: str, source: str = "samachar", via: Discovery = Discovery.FEED) -> tuple[str, LinkHint]:
    canonical = BASE + slug
    return canonical, LinkHint(canonical + "?utm_source=rss", source, via, f"ख़बर {slug}", PUBLISHED)


def test_discover_adds_pending_entries_with_hints(store: Store) -> None:
    entries = store.crawl.discover([hint("a"), hint("b", via=Discovery.SITEMAP)])
    assert [e.url for e in entries] == [BASE + "a", BASE + "b"]
    first = entries[0]
    assert first.fetch_url == BASE + "a?utm_source=rss"
    assert (first.source, first.via, first.attempts) == ("samachar", Discovery.FEED, 0)
    assert (first.hint_title, first.hint_published) == ("ख़बर a", PUBLISHED)
    assert entries[1].via is Discovery.SITEMAP
    assert [e.url for e in store.crawl.pending(["samachar"])] == [BASE + "a", BASE + "b"]
    assert store.crawl.frontier_counts() == {"pending": 2}


def test_pending_is_filtered_by_source(store: Store) -> None:
    store.crawl.discover([hint("a"), hint("b", source="daily")])
    assert [e.url for e in store.crawl.pending(["daily"])] == [BASE + "b"]
    assert store.crawl.pending([]) == []


def test_still_pending_url_is_offered_again(store: Store) -> None:
    # A crawl killed before fetching must fetch the URL next time it is discovered.
    store.crawl.discover([hint("a")])
    assert [e.url for e in store.crawl.discover([hint("a")])] == [BASE + "a"]
    assert store.crawl.frontier_counts() == {"pending": 1}


def test_stored_article_is_not_rediscovered_unless_refresh(store: Store, make_article: ArticleFactory) -> None:
    article = make_article("a")
    assert article.url == BASE + "a"
    store.articles.add(article)
    assert store.crawl.discover([hint("a"), hint("b")]) != []
    assert [e.url for e in store.crawl.discover([hint("a")])] == []
    refresh_run = datetime.now(UTC)
    assert [e.url for e in store.crawl.discover([hint("a")], refresh_before=refresh_run)] == [BASE + "a"]
    # Within the same refreshing crawl, once fetched again it is not offered a second time.
    store.articles.add(make_article("a"))
    store.crawl.settle(BASE + "a", Reason.STORED, max_attempts=3)
    assert store.crawl.discover([hint("a")], refresh_before=refresh_run) == []


def test_settled_url_is_not_rediscovered_unless_refresh(store: Store) -> None:
    store.crawl.discover([hint("a")])
    store.crawl.settle(BASE + "a", Reason.TOO_SHORT, max_attempts=3)
    assert store.crawl.discover([hint("a")]) == []
    assert store.crawl.pending(["samachar"]) == []
    refreshed = store.crawl.discover([hint("a")], refresh_before=datetime.now(UTC))
    assert [(e.url, e.attempts) for e in refreshed] == [(BASE + "a", 0)]
    assert [e.url for e in store.crawl.pending(["samachar"])] == [BASE + "a"]


def test_transient_failures_stay_pending_until_max_attempts(store: Store) -> None:
    store.crawl.discover([hint("a")])
    url = BASE + "a"
    store.crawl.settle(url, Reason.TIMEOUT, max_attempts=3)
    assert [(e.url, e.attempts) for e in store.crawl.pending(["samachar"])] == [(url, 1)]
    store.crawl.settle(url, Reason.HTTP_SERVER_ERROR, max_attempts=3)
    assert [e.attempts for e in store.crawl.pending(["samachar"])] == [2]
    store.crawl.settle(url, Reason.NETWORK, max_attempts=3)
    assert store.crawl.pending(["samachar"]) == []
    assert store.crawl.frontier_counts() == {"failed": 1}
    assert store.crawl.discover([hint("a")]) == []  # given up: not retried on rediscovery


def test_max_attempts_one_fails_at_once(store: Store) -> None:
    store.crawl.discover([hint("a")])
    store.crawl.settle(BASE + "a", Reason.TIMEOUT, max_attempts=1)
    assert store.crawl.frontier_counts() == {"failed": 1}


@pytest.mark.parametrize(
    "reason",
    [Reason.STORED, Reason.TOO_SHORT, Reason.NO_ARTICLE, Reason.HTTP_CLIENT_ERROR, Reason.ROBOTS, Reason.NOT_HTML],
)
def test_permanent_reasons_settle_as_done(store: Store, reason: Reason) -> None:
    store.crawl.discover([hint("a")])
    store.crawl.settle(BASE + "a", reason, max_attempts=3)
    assert store.crawl.frontier_counts() == {"done": 1}


def test_success_after_a_transient_failure_is_done(store: Store) -> None:
    store.crawl.discover([hint("a")])
    store.crawl.settle(BASE + "a", Reason.TIMEOUT, max_attempts=3)
    store.crawl.settle(BASE + "a", Reason.STORED, max_attempts=3)
    assert store.crawl.frontier_counts() == {"done": 1}


def test_settling_an_unknown_url_changes_nothing(store: Store) -> None:
    store.crawl.settle(BASE + "never", Reason.STORED, max_attempts=3)
    assert store.crawl.frontier_counts() == {}


def test_validators_saved_only_for_200(store: Store) -> None:
    feed = "https://samachar.example/rss.xml"
    assert store.crawl.validators(feed) is None
    store.crawl.save_validators(feed, 200, '"v1"', "Tue, 16 Apr 2024 05:00:00 GMT")
    assert store.crawl.validators(feed) == Validators('"v1"', "Tue, 16 Apr 2024 05:00:00 GMT")
    store.crawl.save_validators(feed, 304, None, None)
    store.crawl.save_validators(feed, 503, '"error-page"', None)
    assert store.crawl.validators(feed) == Validators('"v1"', "Tue, 16 Apr 2024 05:00:00 GMT")
    store.crawl.save_validators(feed, 200, '"v2"', None)
    assert store.crawl.validators(feed) == Validators('"v2"', None)


def test_non_200_first_fetch_records_no_validators(store: Store) -> None:
    feed = "https://samachar.example/broken.xml"
    store.crawl.save_validators(feed, 500, '"x"', "yesterday")
    assert store.crawl.validators(feed) == Validators(None, None)


def test_runs_and_crawl_log(store: Store) -> None:
    assert store.crawl.last_run() is None
    first = store.crawl.start_run(["samachar"])
    second = store.crawl.start_run(["samachar", "daily"])
    assert second > first
    store.crawl.log(first, CrawlEvent(BASE + "a", "samachar", Reason.TOO_SHORT, "मुख्य पाठ छोटा है", 200))
    store.crawl.log(second, CrawlEvent(BASE + "b", "samachar", Reason.TIMEOUT, "x" * 5000))
    store.crawl.log(second, CrawlEvent(BASE + "c", "daily", Reason.TOO_SHORT))
    store.crawl.log(None, CrawlEvent(BASE + "d", "daily", Reason.MALFORMED_FEED, "bad xml"))
    store.crawl.finish_run(second, "finished", {"satark/stored": 3, "satark/timeout": 1})

    run = store.crawl.last_run()
    assert run is not None
    assert (run.id, run.sources, run.finish_reason) == (second, ["samachar", "daily"], "finished")
    assert run.stats == {"satark/stored": 3, "satark/timeout": 1}
    assert run.finished_at is not None and run.finished_at >= run.started_at

    assert [e.url for e in store.crawl.log_entries()] == [BASE + "a", BASE + "b", BASE + "c", BASE + "d"]
    assert [e.url for e in store.crawl.log_entries(run_id=second)] == [BASE + "b", BASE + "c"]
    too_short = store.crawl.log_entries(reason=Reason.TOO_SHORT)
    assert [(e.url, e.reason) for e in too_short] == [(BASE + "a", "too_short"), (BASE + "c", "too_short")]
    assert too_short[0].detail == "मुख्य पाठ छोटा है"
    assert too_short[0].status == 200
    timeout = store.crawl.log_entries(run_id=second, reason=Reason.TIMEOUT)
    assert len(timeout) == 1 and len(timeout[0].detail) == 2000


def test_finishing_an_unknown_run_is_harmless(store: Store) -> None:
    store.crawl.finish_run(999, "finished", {})
    assert store.crawl.last_run() is None


def test_sources_sync_and_last_crawled(store: Store) -> None:
    when = datetime(2024, 4, 16, 6, 0, tzinfo=UTC)
    assert store.crawl.last_crawled("samachar") is None
    store.crawl.sync_source("samachar", "hi", ["national"], 1800)
    assert store.crawl.last_crawled("samachar") is None
    store.crawl.mark_crawled(["samachar", "unknown"], when)
    assert store.crawl.last_crawled("samachar") == when
    assert store.crawl.last_crawled("unknown") is None
    store.crawl.sync_source("samachar", "hi", ["national", "hindi"], 3600)  # re-sync keeps the crawl time
    assert store.crawl.last_crawled("samachar") == when
