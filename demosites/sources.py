"""The crawler's sources configuration for the live demo sites."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from demosites.feeds import ATOM_PATH, RSS_PATH, SITEMAP_INDEX_PATH
from demosites.profiles import article_path_regex
from demosites.site import DemoSite
from demosites.trouble import TroubleKind

SECTION_DEPTH = 2


@dataclass(frozen=True)
class SectionSource:
    start_urls: list[str]
    allow: list[str]  # regexes matched against the URL path
    depth: int = SECTION_DEPTH


@dataclass(frozen=True)
class SourceEntry:
    name: str
    language: str
    tags: list[str]
    crawl_interval: str
    feeds: list[str]
    sitemaps: list[str]
    sections: list[SectionSource] = field(default_factory=list)
    # The demo sites are served on loopback, which the fetch policy refuses unless a source allows it.
    fetch: dict[str, bool] = field(default_factory=lambda: {"private_addresses": True})


def source_entry(site: DemoSite, base_url: str) -> SourceEntry:
    profile = site.chrome.profile
    feeds = [base_url + RSS_PATH, base_url + ATOM_PATH]
    broken = site.trouble_page(TroubleKind.BROKEN_FEED)
    if broken is not None:
        feeds.append(base_url + broken.path)
    sections = [
        SectionSource(start_urls=[base_url + s.path], allow=[article_path_regex(site.name, s.slug)])
        for s in site.outlet.sections
    ]
    return SourceEntry(
        name=site.name,
        language=site.outlet.language,
        tags=list(profile.source_tags),
        crawl_interval=profile.crawl_interval,
        feeds=feeds,
        sitemaps=[base_url + SITEMAP_INDEX_PATH],
        sections=sections,
    )


def sources_document(entries: list[SourceEntry]) -> dict[str, list[dict[str, object]]]:
    """Plain dict/list/str form, ready for ``yaml.safe_dump``."""
    return {"sources": [asdict(e) for e in entries]}
