"""Feed parsing (RSS/Atom, via feedparser on the bytes Scrapy downloaded)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser

from core.text import nfc

_HARMLESS = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    link: str
    title: str | None
    published: datetime | None
    summary: str | None
    author: str | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    entries: tuple[FeedEntry, ...]
    malformed: str | None  # feedparser's "bozo" reason when the XML was broken (entries may still be recovered)


def _when(entry: feedparser.FeedParserDict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def parse_feed(body: bytes, *, content_type: str | None = None, base_url: str = "") -> ParsedFeed:
    headers = {"content-location": base_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers)
    malformed = None
    exc = parsed.get("bozo_exception")
    # A well-formed feed served with a loose content type or charset is not broken: only XML errors count.
    if not parsed.get("version") and not parsed.entries:
        malformed = f"not a feed ({type(exc).__name__ if exc else 'no RSS or Atom root element'})"
    elif parsed.get("bozo") and not isinstance(exc, _HARMLESS):
        malformed = f"{type(exc).__name__}: {exc}" if exc else "malformed feed"
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or next((ln.get("href") for ln in entry.get("links", []) if ln.get("href")), None)
        if not link:
            continue
        entries.append(
            FeedEntry(
                link=link.strip(),
                title=nfc(entry.get("title")),
                published=_when(entry),
                summary=nfc(entry.get("summary")),
                author=nfc(entry.get("author")),
            )
        )
    return ParsedFeed(nfc(parsed.feed.get("title")), tuple(entries), malformed)
