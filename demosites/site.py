"""One outlet's website: URL routing, mutable publishing state and rendered resources.

A :class:`DemoSite` knows nothing about sockets; ``handler.py`` turns its :class:`Resource`
answers into HTTP responses (ETag, 304s, hit counting). Links are absolute and built from
the ``base_url`` of each request, so the same site works on any port.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from demosites.assets import one_page_pdf, solid_png
from demosites.chrome import OG_IMAGE_PATH, SiteChrome
from demosites.corpus import DemoArticle, Outlet, Section
from demosites.feeds import (
    ATOM_PATH,
    RSS_PATH,
    SITEMAP_INDEX_PATH,
    SITEMAP_NEWS_PATH,
    SITEMAP_PAGES_PATH,
    FeedRenderer,
)
from demosites.mangling import break_markup, encode_windows_1252
from demosites.pages import PageRenderer
from demosites.tracking import LinkPlace, tracking_query
from demosites.trouble import IST, Listing, TroubleKind, TroublePage, trouble_pages
from demosites.views import ChildSitemap, ListItem, SitemapPage

SITE_EPOCH = datetime(2026, 11, 1, tzinfo=IST)  # Last-Modified of files that never change
ROBOTS_PATH = "/robots.txt"
# What a crashed backend looks like from the outside: the proxy's stock error page.
NGINX_500 = (
    b"<html><head><title>500 Internal Server Error</title></head><body>"
    b"<center><h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>\n"
)

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"


class RouteKind(StrEnum):
    HOME = "home"
    SECTION = "section"
    ARTICLE = "article"
    INFO = "info"  # footer pages: about, privacy, ...
    RSS = "rss"
    ATOM = "atom"
    SITEMAP_INDEX = "sitemap_index"
    SITEMAP_NEWS = "sitemap_news"
    SITEMAP_PAGES = "sitemap_pages"
    ROBOTS = "robots"
    OG_IMAGE = "og_image"
    TROUBLE = "trouble"


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    article: DemoArticle | None = None
    section: Section | None = None
    trouble: TroublePage | None = None
    title: str = ""


@dataclass(frozen=True)
class Resource:
    status: int
    body: bytes
    content_type: str
    last_modified: datetime | None = None
    delay_seconds: float = 0.0  # the handler waits this long before answering

    @property
    def cacheable(self) -> bool:
        """Only successful answers get validators (ETag/Last-Modified) and 304s."""
        return self.status == 200


class DemoSite:
    def __init__(
        self,
        outlet: Outlet,
        articles: tuple[DemoArticle, ...],
        *,
        slow_seconds: float = 5.0,
        oversized_bytes: int = 3_000_000,
    ) -> None:
        self.outlet = outlet
        self.corpus_articles = articles
        self.slow_seconds = slow_seconds
        self.oversized_bytes = oversized_bytes
        self.chrome = SiteChrome(outlet, articles)
        self.trouble = trouble_pages(outlet, articles)
        self._pages = PageRenderer(self.chrome)
        self._feeds = FeedRenderer(self.chrome)
        self._lock = threading.RLock()
        self._added: list[DemoArticle] = []
        self._modified: dict[str, datetime] = {}
        self._cache: dict[tuple[str, str], Resource] = {}
        self._routes = self._build_routes()

    # ----------------------------------------------------------------- state

    @property
    def name(self) -> str:
        return self.outlet.name

    def articles(self) -> tuple[DemoArticle, ...]:
        """Corpus articles plus any published at run time."""
        with self._lock:
            return self.corpus_articles + tuple(self._added)

    def modified(self, article: DemoArticle) -> datetime:
        with self._lock:
            return self._modified.get(article.slug, article.published)

    def article(self, slug: str) -> DemoArticle:
        for article in self.articles():
            if article.slug == slug:
                return article
        raise KeyError(f"{self.name} has no article {slug!r}")

    def trouble_page(self, kind: TroubleKind) -> TroublePage | None:
        return next((p for p in self.trouble if p.kind is kind), None)

    def touch(self, slug: str, when: datetime | None = None) -> datetime:
        """Mark an article as edited: its page, ETag and Last-Modified change (feeds too)."""
        article = self.article(slug)
        with self._lock:
            previous = self.modified(article)
            stamp = (when or datetime.now(IST)).replace(microsecond=0)
            # HTTP dates have one-second resolution; a touch must always be visible.
            stamp = max(stamp, previous + timedelta(seconds=1))
            self._modified[slug] = stamp
            self._cache.clear()
            return stamp

    def add_article(self, article: DemoArticle) -> None:
        """Publish one more article: it joins home, section page, feeds and sitemaps."""
        if article.outlet != self.name:
            raise ValueError(f"article belongs to {article.outlet!r}, not {self.name!r}")
        self.outlet.section(article.section)  # KeyError for an unknown section
        with self._lock:
            if article.path in self._routes or any(a.slug == article.slug for a in self.articles()):
                raise ValueError(f"{self.name} already serves {article.path} / slug {article.slug!r}")
            self._added.append(article)
            self._routes[article.path] = Route(RouteKind.ARTICLE, article=article)
            self._cache.clear()

    # --------------------------------------------------------------- routing

    def _build_routes(self) -> dict[str, Route]:
        routes: dict[str, Route] = {
            "/": Route(RouteKind.HOME),
            RSS_PATH: Route(RouteKind.RSS),
            ATOM_PATH: Route(RouteKind.ATOM),
            SITEMAP_INDEX_PATH: Route(RouteKind.SITEMAP_INDEX),
            SITEMAP_NEWS_PATH: Route(RouteKind.SITEMAP_NEWS),
            SITEMAP_PAGES_PATH: Route(RouteKind.SITEMAP_PAGES),
            ROBOTS_PATH: Route(RouteKind.ROBOTS),
            OG_IMAGE_PATH: Route(RouteKind.OG_IMAGE),
        }
        for path, title in self.chrome.footer_paths().items():
            routes[path] = Route(RouteKind.INFO, title=title)
        for section in self.outlet.sections:
            routes[section.path] = Route(RouteKind.SECTION, section=section)
        for article in self.corpus_articles:
            if article.path in routes:
                raise ValueError(f"{self.name}: article {article.slug!r} path {article.path} clashes with another page")
            routes[article.path] = Route(RouteKind.ARTICLE, article=article)
        for page in self.trouble:
            if page.article is not None or page.kind is TroubleKind.HTTP_404:
                continue  # article-backed pages keep their article route; 404s must stay unrouted
            if page.path in routes:
                raise ValueError(f"{self.name}: trouble page {page.path} clashes with another page")
            routes[page.path] = Route(RouteKind.TROUBLE, trouble=page)
        return routes

    def route(self, path: str) -> Route | None:
        with self._lock:
            return self._routes.get(path)

    def paths(self) -> tuple[str, ...]:
        with self._lock:
            return tuple(self._routes)

    # ------------------------------------------------------------ responding

    def respond(self, path: str, base_url: str) -> Resource:
        with self._lock:
            cached = self._cache.get((path, base_url))
            if cached is not None:
                return cached
            route = self._routes.get(path)
            resource = self._not_found(base_url) if route is None else self._resource(route, base_url)
            if resource.status == 200:
                self._cache[(path, base_url)] = resource
            return resource

    def _resource(self, route: Route, base_url: str) -> Resource:
        match route.kind:
            case RouteKind.HOME:
                return self._home(base_url)
            case RouteKind.SECTION:
                assert route.section is not None
                return self._section(route.section, base_url)
            case RouteKind.ARTICLE:
                assert route.article is not None
                return self._article(route.article, base_url)
            case RouteKind.INFO:
                html = self._pages.notice(route.title, [self.outlet.tagline], base_url, robots_meta="index, follow")
                return Resource(200, html.encode(), HTML, SITE_EPOCH)
            case RouteKind.RSS:
                entries = self._feeds.entries(self._article_dates(), self.trouble, base_url, Listing.RSS)
                return Resource(200, self._feeds.rss(entries, self._newest(), base_url).encode(), RSS, self._newest())
            case RouteKind.ATOM:
                entries = self._feeds.entries(self._article_dates(), self.trouble, base_url, Listing.ATOM)
                return Resource(200, self._feeds.atom(entries, self._newest(), base_url).encode(), ATOM, self._newest())
            case RouteKind.SITEMAP_NEWS:
                entries = self._feeds.entries(self._article_dates(), self.trouble, base_url, Listing.SITEMAP_NEWS)
                return Resource(200, self._feeds.sitemap_news(entries, base_url).encode(), XML, self._newest())
            case RouteKind.SITEMAP_PAGES:
                return Resource(
                    200,
                    self._feeds.sitemap_pages(self._sitemap_pages(base_url), base_url).encode(),
                    XML,
                    self._newest(),
                )
            case RouteKind.SITEMAP_INDEX:
                children = [ChildSitemap(base_url + p, self._newest()) for p in (SITEMAP_NEWS_PATH, SITEMAP_PAGES_PATH)]
                return Resource(200, self._feeds.sitemap_index(children, base_url).encode(), XML, self._newest())
            case RouteKind.ROBOTS:
                return Resource(200, self._feeds.robots(base_url).encode(), "text/plain; charset=utf-8", SITE_EPOCH)
            case RouteKind.OG_IMAGE:
                return Resource(200, solid_png(self.chrome.profile.accent), "image/png", SITE_EPOCH)
            case RouteKind.TROUBLE:
                assert route.trouble is not None
                return self._trouble(route.trouble, base_url)

    def _article_dates(self) -> dict[DemoArticle, datetime]:
        return {a: self.modified(a) for a in self.articles()}

    def _newest(self, articles: tuple[DemoArticle, ...] | None = None) -> datetime:
        chosen = self.articles() if articles is None else articles
        dates = [self.modified(a) for a in chosen] + [p.published for p in self.trouble]
        return max(dates, default=SITE_EPOCH)

    def _items(self, articles: list[DemoArticle], base_url: str, place: LinkPlace) -> list[ListItem]:
        articles.sort(key=lambda a: (a.published, a.slug), reverse=True)
        return [
            ListItem(
                title=a.title,
                url=a.url(base_url) + tracking_query(a.key, place),
                description=a.description,
                published=a.published,
                kicker=self.outlet.section(a.section).title,
            )
            for a in articles
        ]

    def _home(self, base_url: str) -> Resource:
        items = self._items(list(self.articles()), base_url, LinkPlace.HOME)
        html = self._pages.listing(None, base_url + "/", items, base_url)
        return Resource(200, html.encode(), HTML, self._newest())

    def _section(self, section: Section, base_url: str) -> Resource:
        members = tuple(a for a in self.articles() if a.section == section.slug)
        items = self._items(list(members), base_url, LinkPlace.SECTION)
        if section == self.outlet.sections[0]:
            extra = [p for p in self.trouble if Listing.SECTION in p.listed_in]
            items += [ListItem(p.title, base_url + p.path, p.title, p.published, section.title) for p in extra]
            items.sort(key=lambda i: i.published, reverse=True)
        html = self._pages.listing(section.title, base_url + section.path, items, base_url)
        return Resource(200, html.encode(), HTML, self._newest(members))

    def _article(self, article: DemoArticle, base_url: str) -> Resource:
        modified = self.modified(article)
        html = self._pages.article(article, modified, base_url)
        page = next((p for p in self.trouble if p.article == article), None)
        if page is None:
            return Resource(200, html.encode(), HTML, modified)
        if page.kind is TroubleKind.BROKEN_MARKUP:
            return Resource(200, break_markup(html).encode(), HTML, modified)
        if page.kind is TroubleKind.CHARSET_HEADER:
            return Resource(200, html.encode(), "text/html; charset=iso-8859-1", modified)
        # CHARSET_META: only the (wrong) <meta charset="utf-8"> declares an encoding.
        return Resource(200, encode_windows_1252(html), "text/html", modified)

    def _sitemap_pages(self, base_url: str) -> list[SitemapPage]:
        pages = [SitemapPage(base_url + "/", self._newest(), "hourly", "1.0")]
        for section in self.outlet.sections:
            members = tuple(a for a in self.articles() if a.section == section.slug)
            pages.append(SitemapPage(base_url + section.path, self._newest(members), "hourly", "0.8"))
        ordered = sorted(self.articles(), key=lambda a: (a.published, a.slug), reverse=True)
        pages += [SitemapPage(a.url(base_url), self.modified(a), "daily", "0.6") for a in ordered]
        return pages

    def _not_found(self, base_url: str) -> Resource:
        labels = self.chrome.labels
        html = self._pages.notice(labels.not_found_title, [labels.not_found_text], base_url, robots_meta="noindex")
        return Resource(404, html.encode(), HTML)

    def _trouble(self, page: TroublePage, base_url: str) -> Resource:
        labels = self.chrome.labels
        match page.kind:
            case TroubleKind.NO_ARTICLE:
                html = self._pages.gallery(page.title, base_url + page.path, base_url)
            case TroubleKind.PAGE_MOVED:
                html = self._pages.moved(labels.page_moved_title, labels.page_moved_text, base_url)
            case TroubleKind.SLOW:
                html = self._pages.notice(page.title, [labels.live_entry], base_url, robots_meta="index, follow")
                return Resource(200, html.encode(), HTML, page.published, delay_seconds=self.slow_seconds)
            case TroubleKind.ROBOTS_PRIVATE:
                html = self._pages.notice(
                    page.title, [labels.draft_note, labels.live_entry], base_url, robots_meta="noindex, nofollow"
                )
            case TroubleKind.OVERSIZED:
                return Resource(200, self._oversized(page, base_url).encode(), HTML, page.published)
            case TroubleKind.PDF:
                return Resource(200, one_page_pdf(f"{self.name}: manifesto 2026"), "application/pdf", page.published)
            case TroubleKind.HTTP_500:
                return Resource(500, NGINX_500, HTML)
            case TroubleKind.BROKEN_FEED:
                newest = sorted(
                    (a for a in self.corpus_articles if not a.is_copy), key=lambda a: a.published, reverse=True
                )
                entries = self._feeds.entries({a: self.modified(a) for a in newest}, (), base_url, Listing.RSS)
                return Resource(200, self._feeds.broken_feed(entries, base_url).encode(), RSS, page.published)
            case _:
                raise ValueError(f"{page.kind} pages are not routed")
        return Resource(200, html.encode(), HTML, page.published)

    def _oversized(self, page: TroublePage, base_url: str) -> str:
        # Size the live blog from two sample renders instead of guessing bytes per entry.
        canonical = base_url + page.path
        small = len(self._pages.liveblog(page.title, canonical, 10, base_url).encode())
        large = len(self._pages.liveblog(page.title, canonical, 110, base_url).encode())
        per_entry = (large - small) / 100
        entries = int((self.oversized_bytes - small) / per_entry) + 20
        return self._pages.liveblog(page.title, canonical, max(entries, 10), base_url)
