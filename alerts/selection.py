"""What a subscription's digest of a day holds: the flagged (or hostile) articles of its saved search that it has
not been sent yet, grouped by reason and strongest first, and the saved search's flags per day for the chart.

The saved search is read in the desk's query model, so a digest holds what the desk shows for the same URL;
near-duplicates are left out (the original stands for them), and flags a reviewer dismissed are not mailed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from index.dates import IST
from index.documents import MAX_PER_PAGE, SearchHit, SearchQuery
from pipeline.app import SatarkApp
from pipeline.search_params import SearchParams
from store.subscriptions import Subscription

REASONS = ("matches-factcheck", "style", "hostile")  # the digest's groups, in this order
MAX_CANDIDATE_PAGES = 20  # 2,000 candidates a day and a search is far beyond a readable digest
TREND_DAYS = 7


@dataclass(frozen=True, slots=True)
class DigestItem:
    hit: SearchHit
    reason: str  # one of REASONS: the strongest the article has


@dataclass(frozen=True, slots=True)
class Selection:
    items: tuple[DigestItem, ...]  # at most the digest's limit, grouped by reason in REASONS order
    more: int  # new matches beyond the limit (they wait for the next digest, or the desk)
    trend: tuple[tuple[date, int], ...]  # flagged matches of the saved search per day (publication day, IST)
    desk_query: str  # the desk's query string for all of the day's new matches


def reason_of(hit: SearchHit) -> str | None:
    if "matches-factcheck" in hit.flag_reasons:
        return "matches-factcheck"
    if hit.flagged:
        return "style"
    return "hostile" if hit.hostile else None


def _strength(item: DigestItem) -> tuple[int, float, float]:
    published = item.hit.published or item.hit.fetched
    return REASONS.index(item.reason), -(item.hit.misinfo_score or 0.0), -published.timestamp()


def base_query(subscription: Subscription) -> SearchQuery | None:
    """The saved search narrowed by the subscription (languages, dismissed flags left out); None when nothing can
    match (the subscription's languages exclude all of the saved search's)."""
    query = SearchParams.from_query_string(subscription.search.query).to_query()
    languages = query.languages
    if subscription.languages:
        languages = tuple(lang for lang in (query.languages or subscription.languages) if lang in subscription.languages)
        if not languages:
            return None
    reviews = tuple(status for status in (query.review_statuses or ("unreviewed", "confirmed")) if status != "dismissed")
    if not reviews:
        return None
    return replace(query, languages=languages, review_statuses=reviews, include_duplicates=False, highlight=False,
                   page=1, per_page=MAX_PER_PAGE, sort="score")


def _all_hits(satark: SatarkApp, query: SearchQuery) -> list[SearchHit]:
    hits: list[SearchHit] = []
    for page in range(1, MAX_CANDIDATE_PAGES + 1):
        result = satark.search(replace(query, page=page))
        hits.extend(result.hits)
        if len(result.hits) < query.per_page:
            break
    return hits


def select(satark: SatarkApp, subscription: Subscription, *, sent: set[str], until: datetime, lookback: timedelta,
           limit: int) -> Selection:
    """The digest of `subscription` as of `until`: new matches crawled within `lookback` before it."""
    base = base_query(subscription)
    if base is None:
        return Selection((), 0, (), "")
    floor = max((s for s in (base.min_score, subscription.min_score) if s is not None), default=None)
    window = replace(base, fetched_from=until - lookback)
    candidates = [*_all_hits(satark, replace(window, flagged=True, min_score=floor)),
                  *_all_hits(satark, replace(window, hostile=True))]
    chosen: dict[str, DigestItem] = {}
    for hit in candidates:
        reason = reason_of(hit)
        if reason is not None and hit.id not in sent and hit.id not in chosen and hit.fetched <= until:
            chosen[hit.id] = DigestItem(hit, reason)
    ordered = sorted(chosen.values(), key=_strength)
    params = SearchParams.from_query_string(subscription.search.query)
    desk = params.query_string(flagged=True, sort="score", page=1, lang=list(base.languages),
                               min_score=floor if floor is not None else None)
    return Selection(tuple(ordered[:limit]), max(0, len(ordered) - limit), trend(satark, base, until.astimezone(IST).date()),
                     desk)


def trend(satark: SatarkApp, base: SearchQuery, last: date) -> tuple[tuple[date, int], ...]:
    days = [last - timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
    return tuple((day, satark.search(replace(base, flagged=True, published_from=day, published_to=day, per_page=1)).total)
                 for day in days)
