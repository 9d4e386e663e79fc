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
        if not value:
            continue
        try:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
        except (ValueError, OverflowError, OSError):
            # feedparser passes through dates no calendar has ("0000-00-00" gives year -1): an undated entry,
            # not a feed that fails as a whole.
            continue
    return None


def parse_feed(body: bytes, *, content_type: str | None = None, base_url: str = "") -> ParsedFeed:
    headers = {"content-location": base_url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(body, response_headers=headers)
    except (ValueError, LookupError) as error:
        # feedparser raises on some broken bytes instead of flagging the feed (bozo): an encoding name that holds a NUL
        # or a byte that is not ASCII, a character reference beyond U+10FFFF in its loose parser. Not a feed, then.
        return ParsedFeed(None, (), f"not a feed ({type(error).__name__}: {error})")
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
