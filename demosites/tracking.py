"""Tracking parameters that real sites append to their own links.

A share of the links in feeds, the home page, section pages and sidebars carries analytics
parameters while the page's canonical link has none, so the crawler's URL canonicalisation
is tested for real. The choice is a pure function of the article key, so the expectations
module can list the very URLs the pages contain.
"""

from __future__ import annotations

import hashlib
import zlib
from enum import StrEnum


class LinkPlace(StrEnum):
    RSS = "rss"
    ATOM = "atom"
    HOME = "home"
    SECTION = "section"
    TRENDING = "trending"
    SITEMAP = "sitemap"
    RELATED = "related"


def _bucket(key: str, place: LinkPlace, modulo: int) -> int:
    return zlib.crc32(f"{place}:{key}".encode()) % modulo


def fbclid(key: str) -> str:
    return "IwAR" + hashlib.sha1(key.encode()).hexdigest()[:22]


def tracking_query(key: str, place: LinkPlace) -> str:
    """Query string (with leading '?') a link to article ``key`` carries at ``place``, or ''."""
    if place is LinkPlace.RSS and _bucket(key, place, 3) == 0:
        return "?utm_source=rss&utm_medium=feed"
    if place is LinkPlace.ATOM and _bucket(key, place, 3) == 0:
        return "?utm_source=atom&utm_medium=feed&utm_campaign=syndication"
    if place is LinkPlace.HOME and _bucket(key, place, 3) == 0:
        return "?ref=home"
    if place is LinkPlace.SECTION and _bucket(key, place, 4) == 0:
        return f"?fbclid={fbclid(key)}"
    if place is LinkPlace.TRENDING:
        return "?ref=trending"
    return ""


TRACKING_PARAMETERS = frozenset({"utm_source", "utm_medium", "utm_campaign", "ref", "fbclid"})
