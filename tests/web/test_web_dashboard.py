"""The dashboard over the demo crawl: figures that add up to what the store holds, drawn as SVG."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from pipeline.desk_stats import desk_stats
from tests.web.conftest import Desk

pytestmark = [pytest.mark.crawl, pytest.mark.slow]
DEMO_DAY = date(2026, 11, 30)  # the demo's articles were published in November 2026


def test_the_figures_add_up_to_the_store(desk: Desk) -> None:
    stats = desk_stats(desk.satark.store, days=60, today=DEMO_DAY)
    store = desk.satark.store
    assert stats.articles.total == store.articles.count(processed=True) > 50
    flagged = {article_id for article_id, _ in store.claims.flagged(limit=10_000)}
    assert sum(series.total for series in stats.flags_by_language) == len(flagged) > 0
    assert {series.name for series in stats.flags_by_language} <= {"hi", "en", "other"}
    assert {series.name for series in stats.flags_by_reason} <= {"matches-factcheck", "style"}
    assert sum(series.total for series in stats.sentiment) == stats.articles.total
    assert sum(count for _, count in stats.top_flagged_sources) == len(flagged)
    # The demo serves broken feeds, slow pages and server errors on purpose: crawl health shows them.
    assert stats.failures_by_reason and all(count > 0 for _, count in stats.failures_by_reason)
    assert {source.name for source in stats.sources} >= {"bharat-samachar", "capital-chronicle"}


def test_the_dashboard_page_draws_its_charts(desk: Desk) -> None:
    client = desk.logged_in("viewer")
    page = client.get("/dashboard", params={"days": 90})
    assert page.status_code == 200
    for chart in ("flags_by_language", "flags_by_reason", "sentiment"):
        assert f'id="{chart}"' in page.text
    assert "<svg" in page.text and "<rect" in page.text and 'id="crawl-health"' in page.text
    assert client.get("/dashboard", params={"days": 0}).status_code == 400
    assert re.search(r'id="articles-total">\d+<', page.text)


def test_the_dashboard_shows_the_scheduled_jobs_last_and_next_run(desk: Desk) -> None:
    runs = desk.satark.store.job_runs
    began = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    runs.started("digest:7", slot=began, at=began)
    runs.finished("digest:7", began + timedelta(seconds=3), "failed", "SMTPConnectError: mail server down",
                  datetime(2026, 12, 8, 2, 0, tzinfo=UTC))
    page = desk.logged_in("viewer").get("/dashboard").text
    row = page[page.index('id="jobs"'):]
    assert "<code>digest:7</code>" in row and "2026-12-07 02:00 UTC" in row and "2026-12-08 02:00 UTC" in row
    assert 'title="SMTPConnectError: mail server down">failed<' in row
