"""Render an outlet's machine-readable files: RSS, Atom, the broken feed, sitemaps, robots.txt."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from demosites.chrome import SiteChrome
from demosites.corpus import DemoArticle
from demosites.templating import environment
from demosites.tracking import LinkPlace, tracking_query
from demosites.trouble import Listing, TroublePage
from demosites.views import ChildSitemap, FeedEntry, SitemapPage

SITEMAP_NEWS_PATH = "/sitemap-news.xml"
SITEMAP_PAGES_PATH = "/sitemap-pages.xml"
SITEMAP_INDEX_PATH = "/sitemap_index.xml"
RSS_PATH = "/rss.xml"
ATOM_PATH = "/atom.xml"
BROKEN_FEED_ENTRIES = 2

_PLACE_OF_LISTING = {Listing.RSS: LinkPlace.RSS, Listing.ATOM: LinkPlace.ATOM, Listing.SITEMAP_NEWS: LinkPlace.SITEMAP}


def guid(outlet: str, key: str) -> str:
    """Port-independent id, so a feed reader sees the same entry on any demo port."""
    return f"tag:{outlet}.demo,2026:{key}"


class FeedRenderer:
    def __init__(self, chrome: SiteChrome) -> None:
        self.chrome = chrome
        self.env = environment()

    def _render(self, template: str, base_url: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=self.chrome.site_view(base_url), **context)

    def _article_entry(self, article: DemoArticle, modified: datetime, base_url: str, place: LinkPlace) -> FeedEntry:
        return FeedEntry(
            title=article.title,
            url=article.url(base_url) + tracking_query(article.key, place),
            guid=guid(article.outlet, article.key),
            published=article.published,
            updated=modified,
            summary=article.description,
            author=article.author,
            category=self.chrome.outlet.section(article.section).title,
            keywords=", ".join(article.tags),
        )

    def _trouble_entry(self, page: TroublePage, base_url: str) -> FeedEntry:
        return FeedEntry(
            title=page.title,
            url=base_url + page.path,
            guid=guid(self.chrome.outlet.name, f"{self.chrome.outlet.name}/{page.kind}"),
            published=page.published,
            updated=page.published,
            summary=page.title,
            author=None,
            category=None,
            keywords="",
        )

    def entries(
        self,
        articles: Mapping[DemoArticle, datetime],
        trouble: Sequence[TroublePage],
        base_url: str,
        listing: Listing,
    ) -> list[FeedEntry]:
        place = _PLACE_OF_LISTING[listing]
        entries = [self._article_entry(a, m, base_url, place) for a, m in articles.items()]
        entries += [self._trouble_entry(p, base_url) for p in trouble if listing in p.listed_in]
        entries.sort(key=lambda e: (e.published, e.url), reverse=True)
        return entries

    def rss(self, entries: Sequence[FeedEntry], updated: datetime, base_url: str) -> str:
        return self._render("feeds/rss.xml", base_url, entries=entries, updated=updated, self_url=base_url + RSS_PATH)

    def atom(self, entries: Sequence[FeedEntry], updated: datetime, base_url: str) -> str:
        return self._render("feeds/atom.xml", base_url, entries=entries, updated=updated, self_url=base_url + ATOM_PATH)

    def broken_feed(self, entries: Sequence[FeedEntry], base_url: str) -> str:
        return self._render("feeds/broken.xml", base_url, entries=entries[:BROKEN_FEED_ENTRIES])

    def sitemap_news(self, entries: Sequence[FeedEntry], base_url: str) -> str:
        return self._render("feeds/sitemap_news.xml", base_url, entries=entries)

    def sitemap_pages(self, pages: Sequence[SitemapPage], base_url: str) -> str:
        return self._render("feeds/sitemap_pages.xml", base_url, pages=pages)

    def sitemap_index(self, children: Sequence[ChildSitemap], base_url: str) -> str:
        return self._render("feeds/sitemap_index.xml", base_url, children=children)

    def robots(self, base_url: str) -> str:
        return self._render("feeds/robots.txt", base_url)
