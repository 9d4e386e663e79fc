"""Typed records handed to the templates; all URLs in them are absolute."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from demosites.profiles import Layout
from demosites.schema import Language


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class SiteView:
    name: str
    title: str
    tagline: str
    language: Language
    layout: Layout
    accent: str
    base_url: str
    home_url: str
    rss_url: str
    atom_url: str
    og_image: str
    today: str
    year: int
    nav: tuple[Link, ...]
    ticker: tuple[Link, ...]
    footer: tuple[Link, ...]


@dataclass(frozen=True)
class Sidebar:
    most_read: tuple[Link, ...]
    trending: tuple[Link, ...]


@dataclass(frozen=True)
class SectionView:
    slug: str
    title: str
    url: str


@dataclass(frozen=True)
class ListItem:
    title: str
    url: str
    description: str
    published: datetime
    kicker: str


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str
    guid: str
    published: datetime
    updated: datetime
    summary: str
    author: str | None
    category: str | None
    keywords: str


@dataclass(frozen=True)
class SitemapPage:
    url: str
    lastmod: datetime
    changefreq: str
    priority: str


@dataclass(frozen=True)
class ChildSitemap:
    url: str
    lastmod: datetime
