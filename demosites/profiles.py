"""Per-outlet site profiles: layout, URL scheme and crawl metadata.

Each demo outlet deliberately uses a different article URL scheme so that the crawler's
per-section ``allow`` regexes and URL canonicalisation are exercised on realistic variety.
Outlets without an explicit profile (e.g. a test fixture) get :data:`DEFAULT_PROFILE`.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal

Layout = Literal["broadsheet", "portal"]

SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"


class UrlStyle(StrEnum):
    """How an outlet spells article URLs."""

    DATED_HTML = "dated_html"  # /<section>/2026/11/<slug>.html
    NEWS_ID = "news_id"  # /news/<slug>-<6-digit id>
    STORY_DIR = "story_dir"  # /story/<section>/<slug>/
    SECTION_ID = "section_id"  # /<section>/<slug>-<7-digit id>


@dataclass(frozen=True)
class SiteProfile:
    """Presentation and URL conventions of one outlet's website."""

    layout: Layout
    url_style: UrlStyle
    section_prefix: str  # section index page is <prefix><slug>/
    source_tags: tuple[str, ...]
    crawl_interval: str
    accent: str  # CSS colour of the masthead; also tints the og:image


PROFILES: dict[str, SiteProfile] = {
    "bharat-samachar": SiteProfile(
        layout="broadsheet",
        url_style=UrlStyle.DATED_HTML,
        section_prefix="/",
        source_tags=("national", "hindi"),
        crawl_interval="30m",
        accent="#b3001b",
    ),
    "jan-awaaz": SiteProfile(
        layout="portal",
        url_style=UrlStyle.NEWS_ID,
        section_prefix="/category/",
        source_tags=("regional", "hindi", "uttar-pradesh", "bihar"),
        crawl_interval="15m",
        accent="#e65100",
    ),
    "capital-chronicle": SiteProfile(
        layout="broadsheet",
        url_style=UrlStyle.STORY_DIR,
        section_prefix="/section/",
        source_tags=("national", "english"),
        crawl_interval="30m",
        accent="#0d2c54",
    ),
    "indus-courier": SiteProfile(
        layout="portal",
        url_style=UrlStyle.SECTION_ID,
        section_prefix="/",
        source_tags=("regional", "english", "digital"),
        crawl_interval="15m",
        accent="#00796b",
    ),
}

DEFAULT_PROFILE = SiteProfile(
    layout="broadsheet",
    url_style=UrlStyle.DATED_HTML,
    section_prefix="/",
    source_tags=("demo",),
    crawl_interval="30m",
    accent="#37474f",
)


def profile_for(outlet_name: str) -> SiteProfile:
    return PROFILES.get(outlet_name, DEFAULT_PROFILE)


def numeric_id(outlet_name: str, slug: str, digits: int) -> int:
    """Stable pseudo CMS id: depends only on outlet and slug, so ids survive added articles."""
    low = int(10 ** (digits - 1))
    return low + zlib.crc32(f"{outlet_name}/{slug}".encode()) % (9 * low)


def article_path(outlet_name: str, section: str, slug: str, published: datetime) -> str:
    style = profile_for(outlet_name).url_style
    if style is UrlStyle.DATED_HTML:
        return f"/{section}/{published:%Y}/{published:%m}/{slug}.html"
    if style is UrlStyle.NEWS_ID:
        return f"/news/{slug}-{numeric_id(outlet_name, slug, 6)}"
    if style is UrlStyle.STORY_DIR:
        return f"/story/{section}/{slug}/"
    return f"/{section}/{slug}-{numeric_id(outlet_name, slug, 7)}"


def section_path(outlet_name: str, section: str) -> str:
    return f"{profile_for(outlet_name).section_prefix}{section}/"


def article_path_regex(outlet_name: str, section: str) -> str:
    """Regex (matched against the URL path) for article pages of one section.

    Styles without the section in the path cannot be narrowed, so they match every article.
    """
    style = profile_for(outlet_name).url_style
    if style is UrlStyle.DATED_HTML:
        return rf"^/{section}/\d{{4}}/\d{{2}}/{SLUG_PATTERN}\.html$"
    if style is UrlStyle.NEWS_ID:
        return rf"^/news/{SLUG_PATTERN}-\d{{6}}$"
    if style is UrlStyle.STORY_DIR:
        return rf"^/story/{section}/{SLUG_PATTERN}/$"
    return rf"^/{section}/{SLUG_PATTERN}-\d{{7}}$"
