"""Sitemaps and sitemap indexes, including Google News sitemap metadata."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from core.text import nfc
from crawlers.dates import parse_datetime

_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


class MalformedSitemap(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class SitemapUrl:
    loc: str
    lastmod: datetime | None
    news_title: str | None
    news_published: datetime | None


@dataclass(frozen=True, slots=True)
class ParsedSitemap:
    is_index: bool
    urls: tuple[SitemapUrl, ...]  # pages, or child sitemaps when is_index


def _text(node: etree._Element, path: str) -> str | None:
    found = node.find(path, _NS)
    return found.text.strip() if found is not None and found.text else None


def parse_sitemap(body: bytes) -> ParsedSitemap:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise MalformedSitemap(f"not well-formed XML: {exc}") from exc
    tag = etree.QName(root).localname
    if tag not in ("urlset", "sitemapindex"):
        raise MalformedSitemap(f"root element is <{tag}>, expected <urlset> or <sitemapindex>")
    is_index = tag == "sitemapindex"
    urls = []
    for node in root.findall("sm:sitemap" if is_index else "sm:url", _NS):
        loc = _text(node, "sm:loc")
        if not loc:
            continue
        urls.append(
            SitemapUrl(
                loc=loc,
                lastmod=parse_datetime(_text(node, "sm:lastmod")),
                news_title=nfc(_text(node, "news:news/news:title")),
                news_published=parse_datetime(_text(node, "news:news/news:publication_date")),
            )
        )
    return ParsedSitemap(is_index, tuple(urls))
