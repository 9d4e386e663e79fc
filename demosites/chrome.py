"""Site-wide furniture of one outlet: navigation, ticker, sidebars, related links, footer.

All of it is chosen from the outlet's *corpus* articles only. Articles published later through
``DemoSite.add_article`` appear on listings and feeds but never in the furniture, so adding one
does not change (and re-ETag) every existing article page.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

from demosites.corpus import DemoArticle, Outlet
from demosites.labels import Labels, labels_for
from demosites.profiles import SiteProfile, profile_for
from demosites.templating import human_date
from demosites.tracking import LinkPlace, tracking_query
from demosites.views import Link, Sidebar, SiteView

OG_IMAGE_PATH = "/static/img/og-default.png"
SIDEBAR_SIZE = 5
RELATED_SIZE = 3
TICKER_SIZE = 4

# Footer pages: (label attribute, path) per layout; the server answers them as info pages.
FOOTER_PAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "broadsheet": (
        ("about", "/about-us/"),
        ("privacy", "/privacy-policy/"),
        ("terms", "/terms/"),
        ("contact", "/contact/"),
        ("careers", "/careers/"),
    ),
    "portal": (
        ("about", "/about/"),
        ("privacy", "/privacy/"),
        ("contact", "/contact-us/"),
        ("terms", "/terms-and-conditions/"),
    ),
}


def _shuffled(articles: Sequence[DemoArticle], salt: str) -> list[DemoArticle]:
    return sorted(articles, key=lambda a: zlib.crc32(f"{salt}:{a.key}".encode()))


class SiteChrome:
    def __init__(self, outlet: Outlet, articles: Sequence[DemoArticle]) -> None:
        self.outlet = outlet
        self.profile: SiteProfile = profile_for(outlet.name)
        self.labels: Labels = labels_for(outlet.language)
        self._articles = tuple(articles)
        newest = sorted(self._articles, key=lambda a: (a.published, a.slug), reverse=True)
        self._ticker = newest[:TICKER_SIZE]
        self._most_read = _shuffled(self._articles, "most-read")
        self._trending = _shuffled(self._articles, "trending")
        self._today = newest[0].published if newest else None

    def footer_paths(self) -> dict[str, str]:
        """Footer page path -> its title."""
        return {path: getattr(self.labels, attr) for attr, path in FOOTER_PAGES[self.profile.layout]}

    def site_view(self, base_url: str) -> SiteView:
        return SiteView(
            name=self.outlet.name,
            title=self.outlet.title,
            tagline=self.outlet.tagline,
            language=self.outlet.language,
            layout=self.profile.layout,
            accent=self.profile.accent,
            base_url=base_url,
            home_url=base_url + "/",
            rss_url=base_url + "/rss.xml",
            atom_url=base_url + "/atom.xml",
            og_image=base_url + OG_IMAGE_PATH,
            today=human_date(self._today, self.labels).split(",")[0] if self._today else "",
            year=self._today.year if self._today else 2026,
            nav=tuple(Link(s.title, base_url + s.path) for s in self.outlet.sections),
            ticker=tuple(Link(a.title, a.url(base_url)) for a in self._ticker),
            footer=tuple(Link(title, base_url + path) for path, title in self.footer_paths().items()),
        )

    def most_read(self, exclude: str | None = None) -> tuple[DemoArticle, ...]:
        return tuple(a for a in self._most_read if a.key != exclude)[:SIDEBAR_SIZE]

    def trending(self, exclude: str | None = None) -> tuple[DemoArticle, ...]:
        return tuple(a for a in self._trending if a.key != exclude)[:SIDEBAR_SIZE]

    def sidebar(self, base_url: str, exclude: str | None = None) -> Sidebar:
        return Sidebar(
            most_read=tuple(Link(a.title, a.url(base_url)) for a in self.most_read(exclude)),
            trending=tuple(
                Link(a.title, a.url(base_url) + tracking_query(a.key, LinkPlace.TRENDING))
                for a in self.trending(exclude)
            ),
        )

    def related(self, article: DemoArticle) -> tuple[DemoArticle, ...]:
        """Nearest stories in time from the same section."""
        same = [a for a in self._articles if a.section == article.section and a.key != article.key]
        same.sort(key=lambda a: (abs((a.published - article.published).total_seconds()), a.slug))
        return tuple(same[:RELATED_SIZE])

    def also_read(self, article: DemoArticle) -> DemoArticle | None:
        skip = {article.key, *(a.key for a in self.related(article))}
        for candidate in _shuffled(self._articles, f"also-read:{article.key}"):
            if candidate.key not in skip:
                return candidate
        return None
