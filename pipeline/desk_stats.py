"""The desk's dashboard figures, read from the store: misinformation flags per day by language and by reason, the
sources flagged most, the sentiment of each day's articles, and crawl health (the last crawl per source and what
went wrong, by reason). Days are calendar days in India (IST), by publication time, else fetch time."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from core.records import Reason
from core.tasks import MISINFORMATION, SENTIMENT
from index.dates import IST
from store.models import ArticleFlagRow, ArticleRow, ClassificationRow, CrawlLogRow, SourceRow
from store.store import Store

TOP_SOURCES = 10
# Crawl log entries that are not failures: stored, unchanged, or a page that is not an article or may not be fetched.
NOT_FAILURES = frozenset(reason.value for reason in (
    Reason.STORED, Reason.ALREADY_STORED, Reason.NOT_MODIFIED, Reason.NO_ARTICLE, Reason.TOO_SHORT, Reason.NOT_HTML,
    Reason.ROBOTS, Reason.UNSUPPORTED_URL))


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: a count per day of ``DeskStats.days``."""

    name: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class SourceHealth:
    name: str
    last_crawled: datetime | None
    failures: int  # in the window


@dataclass(frozen=True, slots=True)
class DeskStats:
    days: tuple[date, ...]
    articles: Series
    flags_by_language: tuple[Series, ...]
    flags_by_reason: tuple[Series, ...]
    sentiment: tuple[Series, ...]
    top_flagged_sources: tuple[tuple[str, int], ...]
    sources: tuple[SourceHealth, ...]
    failures_by_reason: tuple[tuple[str, int], ...]


def _day(row_published: datetime | None, row_fetched: datetime) -> date:
    return (row_published or row_fetched).astimezone(IST).date()


def _series(days: tuple[date, ...], counts: dict[str, Counter[date]]) -> tuple[Series, ...]:
    return tuple(Series(name, tuple(by_day[d] for d in days)) for name, by_day in sorted(counts.items()))


def desk_stats(store: Store, *, days: int = 14, today: date | None = None) -> DeskStats:
    today = today or datetime.now(IST).date()
    window = tuple(today - timedelta(days=n) for n in range(days - 1, -1, -1))
    since = datetime.combine(window[0], datetime.min.time(), IST)
    when = func.coalesce(ArticleRow.published, ArticleRow.fetched_at)
    articles: Counter[date] = Counter()
    by_language: dict[str, Counter[date]] = defaultdict(Counter)
    by_reason: dict[str, Counter[date]] = defaultdict(Counter)
    by_sentiment: dict[str, Counter[date]] = defaultdict(Counter)
    flagged_sources: Counter[str] = Counter()
    with store.sessions() as session:
        for published, fetched in session.execute(
                select(ArticleRow.published, ArticleRow.fetched_at).where(when >= since, ArticleRow.processed_at.is_not(None))):
            articles[_day(published, fetched)] += 1
        flags = session.execute(
            select(ArticleRow.id, ArticleRow.language, ArticleRow.source, ArticleRow.published, ArticleRow.fetched_at,
                   ArticleFlagRow.reason)
            .join(ArticleFlagRow, ArticleFlagRow.article_id == ArticleRow.id)
            .where(ArticleFlagRow.task == MISINFORMATION, when >= since))
        seen: set[str] = set()
        for article_id, language, source, published, fetched, reason in flags:
            day = _day(published, fetched)
            by_reason[reason][day] += 1
            if article_id not in seen:  # an article counts once per day and language, however many reasons
                seen.add(article_id)
                by_language[language or "other"][day] += 1
                flagged_sources[source] += 1
        for labels, published, fetched in session.execute(
                select(ClassificationRow.labels, ArticleRow.published, ArticleRow.fetched_at)
                .join(ArticleRow, ArticleRow.id == ClassificationRow.article_id)
                .where(ClassificationRow.task == SENTIMENT, when >= since)):
            if labels:
                by_sentiment[labels[0]][_day(published, fetched)] += 1
        failures = Counter(dict(session.execute(
            select(CrawlLogRow.reason, func.count()).where(CrawlLogRow.at >= since,
                                                           CrawlLogRow.reason.not_in(NOT_FAILURES))
            .group_by(CrawlLogRow.reason)).all()))
        per_source = Counter(dict(session.execute(
            select(CrawlLogRow.source, func.count()).where(CrawlLogRow.at >= since,
                                                           CrawlLogRow.reason.not_in(NOT_FAILURES))
            .group_by(CrawlLogRow.source)).all()))
        sources = tuple(SourceHealth(row.name, row.last_crawled_at, per_source.get(row.name, 0))
                        for row in session.scalars(select(SourceRow).order_by(SourceRow.name)))
    return DeskStats(
        days=window, articles=Series("articles", tuple(articles[d] for d in window)),
        flags_by_language=_series(window, by_language), flags_by_reason=_series(window, by_reason),
        sentiment=_series(window, by_sentiment), top_flagged_sources=tuple(flagged_sources.most_common(TOP_SOURCES)),
        sources=sources, failures_by_reason=tuple(failures.most_common()),
    )
