"""Ground truth for crawl tests: every URL a full crawl of a demo site can meet, and its fate.

"Full crawl" means one driven by ``DemoServer.sources_config()``: feeds, sitemaps, and links from the
section pages that match the ``allow`` regexes. Footer pages (about, privacy, ...) are served but not listed.

Outcomes (``Expectation.outcome``):

* ``article``: extract and store; ``article`` holds the corpus ground truth.
* ``near_duplicate_of:<outlet>/<slug>``: an article that dedup should flag against the original.
* ``skip:no_article`` / ``skip:not_html`` / ``skip:too_large``: fetched, nothing to store.
* ``error:http_404`` / ``error:http_500`` / ``error:timeout``: the fetch itself fails
  (timeout assumes the crawler's download timeout is below ``DemoServer.slow_seconds``).
* ``robots``: disallowed by robots.txt, must never be requested.
* ``index`` / ``feed`` / ``sitemap``: navigation documents, followed for links only.

``trouble`` names the trouble case (see ``demosites.trouble.TroubleKind``) for pages that are
articles but served badly (broken markup, wrong charset) and for the trouble URLs themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from core.records import ClaimReview
from demosites.corpus import DemoArticle
from demosites.feeds import ATOM_PATH, RSS_PATH, SITEMAP_INDEX_PATH, SITEMAP_NEWS_PATH, SITEMAP_PAGES_PATH
from demosites.site import DemoSite
from demosites.tracking import LinkPlace, tracking_query
from demosites.trouble import TroubleKind


class Outcome(StrEnum):
    ARTICLE = "article"
    NEAR_DUPLICATE = "near_duplicate_of"
    NO_ARTICLE = "skip:no_article"
    NOT_HTML = "skip:not_html"
    TOO_LARGE = "skip:too_large"
    HTTP_404 = "error:http_404"
    HTTP_500 = "error:http_500"
    TIMEOUT = "error:timeout"
    ROBOTS = "robots"
    INDEX = "index"
    FEED = "feed"
    SITEMAP = "sitemap"


_TROUBLE_OUTCOMES: dict[TroubleKind, Outcome] = {
    TroubleKind.NO_ARTICLE: Outcome.NO_ARTICLE,
    TroubleKind.PAGE_MOVED: Outcome.NO_ARTICLE,
    TroubleKind.HTTP_404: Outcome.HTTP_404,
    TroubleKind.HTTP_500: Outcome.HTTP_500,
    TroubleKind.SLOW: Outcome.TIMEOUT,
    TroubleKind.OVERSIZED: Outcome.TOO_LARGE,
    TroubleKind.PDF: Outcome.NOT_HTML,
    TroubleKind.ROBOTS_PRIVATE: Outcome.ROBOTS,
    TroubleKind.BROKEN_FEED: Outcome.FEED,
}


@dataclass(frozen=True)
class Expectation:
    outlet: str
    url: str  # canonical absolute URL
    kind: Outcome
    article: DemoArticle | None = None
    trouble: TroubleKind | None = None
    linked_as: tuple[str, ...] = ()  # other absolute URLs (tracking parameters) that lead here
    claim_reviews: tuple[ClaimReview, ...] = ()  # the verdicts a fact-check page declares, as extraction should read them

    @property
    def outcome(self) -> str:
        if self.kind is Outcome.NEAR_DUPLICATE:
            assert self.article is not None and self.article.syndicated_from is not None
            return f"{Outcome.NEAR_DUPLICATE}:{self.article.syndicated_from}"
        return str(self.kind)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def is_article(self) -> bool:
        return self.kind in (Outcome.ARTICLE, Outcome.NEAR_DUPLICATE)


def _variants(site: DemoSite, article: DemoArticle, base_url: str) -> tuple[str, ...]:
    places = [LinkPlace.RSS, LinkPlace.ATOM, LinkPlace.HOME, LinkPlace.SECTION]
    if article in site.chrome.trending():
        places.append(LinkPlace.TRENDING)
    queries = sorted({tracking_query(article.key, p) for p in places} - {""})
    return tuple(article.url(base_url) + q for q in queries)


def site_expectations(site: DemoSite, base_url: str) -> tuple[Expectation, ...]:
    trouble_by_article = {p.article.key: p.kind for p in site.trouble if p.article is not None}
    found: list[Expectation] = [Expectation(site.name, base_url + "/", Outcome.INDEX)]
    found += [Expectation(site.name, base_url + s.path, Outcome.INDEX) for s in site.outlet.sections]
    found += [Expectation(site.name, base_url + p, Outcome.FEED) for p in (RSS_PATH, ATOM_PATH)]
    found += [
        Expectation(site.name, base_url + p, Outcome.SITEMAP)
        for p in (SITEMAP_INDEX_PATH, SITEMAP_NEWS_PATH, SITEMAP_PAGES_PATH)
    ]
    for article in site.articles():
        found.append(
            Expectation(
                outlet=site.name,
                url=article.url(base_url),
                kind=Outcome.NEAR_DUPLICATE if article.is_copy else Outcome.ARTICLE,
                article=article,
                trouble=trouble_by_article.get(article.key),
                linked_as=_variants(site, article, base_url),
                claim_reviews=article.claim_reviews(base_url, site.outlet.title),
            )
        )
    for page in site.trouble:
        if page.article is None:
            found.append(Expectation(site.name, base_url + page.path, _TROUBLE_OUTCOMES[page.kind], trouble=page.kind))
    return tuple(found)
