"""Feed parsing under generated input: `parse_feed` never raises. Valid RSS and Atom feeds with Hindi text keep their
titles (NFC) and links; arbitrary and mutated bytes still give well-typed entries."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import quote

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from crawlers.feeds import ParsedFeed, parse_feed
from tests.fuzz.strategies import HINDI_WORDS, clean_text, mutated, xml_text

# feedparser warns about its own updated_parsed fallback on every undated entry.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:feedparser.*")

_CONTENT_TYPES = st.sampled_from([None, "application/rss+xml; charset=utf-8", "text/html", "text/xml; charset=latin-1",
                                  "application/atom+xml", "application/octet-stream; charset=bogus"])
_OFFSETS = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-7))])
_WHEN = st.builds(lambda dt, tz: dt.replace(tzinfo=tz), st.datetimes(datetime(1971, 1, 1), datetime(2099, 12, 31)),
                  _OFFSETS).map(lambda dt: dt.replace(microsecond=0))
# What publishers put in date fields besides dates: years out of range, missing parts, words.
_BAD_DATES = st.sampled_from(["Tue, 16 Apr 99999 10:30:00 +0530", "0000-00-00T00:00:00Z", "9999-12-31T23:59:59-14:00",
                              "Mon, 31 Feb 2024 25:61:61 GMT", "कल सुबह", "", "1e308", "-1", "2024-04-16T10:30:00+99:99"])
_LINKS = st.lists(st.sampled_from(HINDI_WORDS), min_size=1, max_size=3).map(
    lambda parts: "https://samachar.example/desh/" + quote("-".join(parts)))


@st.composite
def feed_items(draw: st.DrawFn) -> list[tuple[str, str, datetime]]:
    return draw(st.lists(st.tuples(clean_text(), _LINKS, _WHEN), min_size=1, max_size=5))


def rss(title: str, items: list[tuple[str, str, datetime]], extra: str = "") -> bytes:
    entries = "".join(f"<item><title>{xml_text(t)}</title><link>{xml_text(link)}</link>"
                      f"<pubDate>{format_datetime(when)}</pubDate>{extra}</item>" for t, link, when in items)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{xml_text(title)}</title>'
            f"<link>https://samachar.example/</link><description>देश की ख़बरें</description>{entries}</channel></rss>"
            ).encode()


def atom(title: str, items: list[tuple[str, str, datetime]], extra: str = "") -> bytes:
    entries = "".join(f'<entry><title>{xml_text(t)}</title><link rel="alternate" href="{xml_text(link)}"/>'
                      f"<id>urn:{i}</id><updated>{when.isoformat()}</updated>{extra}</entry>"
                      for i, (t, link, when) in enumerate(items))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{xml_text(title)}</title><id>urn:feed</id><updated>2024-04-16T06:00:00Z</updated>{entries}</feed>"
            ).encode()


def assert_well_typed(feed: ParsedFeed) -> None:
    assert feed.malformed is None or isinstance(feed.malformed, str)
    assert feed.title is None or (isinstance(feed.title, str) and unicodedata.is_normalized("NFC", feed.title))
    for entry in feed.entries:
        assert isinstance(entry.link, str) and entry.link and entry.link == entry.link.strip()
        for text in (entry.title, entry.summary, entry.author):
            assert text is None or (isinstance(text, str) and unicodedata.is_normalized("NFC", text))
        assert entry.published is None or entry.published.tzinfo is not None


@given(st.binary(max_size=2000), _CONTENT_TYPES)
@example(b"", None)
# Found by this test: feedparser reads "0000-00-00" as year -1, and the whole feed failed with a ValueError.
@example(b'<rss version="2.0"><channel><item><link>https://a.example/x</link><pubDate>0000-00-00T00:00:00Z</pubDate>'
         b"</item></channel></rss>", None)
@example(b"\xff\xfe<\x00r\x00s\x00s\x00", "text/xml")
# Found by the long run: feedparser raised ValueError for an encoding name with a NUL or a byte that is not ASCII, and
# for a character reference beyond U+10FFFF.
@example(b'<?xml version="1.0" encoding="\x00TF-8"?><rss version="2.0"><channel><title>x</title></channel></rss>', None)
@example(b'<?xml version="1.0" encoding="\x80TF-8"?><rss version="2.0"><channel><title>x</title></channel></rss>', None)
@example(b'<?ml version="1.0"?><rss version="2.0"><channel><title>&#x110000;</title></channel></rss>', None)
def test_any_bytes_give_a_well_typed_feed(body: bytes, content_type: str | None) -> None:
    assert_well_typed(parse_feed(body, content_type=content_type, base_url="https://samachar.example/rss"))


@given(clean_text(), feed_items(), st.sampled_from([rss, atom]))
def test_a_valid_feed_keeps_its_hindi_titles_links_and_dates(title: str, items: list[tuple[str, str, datetime]],
                                                             build: object) -> None:
    assert callable(build)
    feed = parse_feed(build(title, items), content_type="application/xml; charset=utf-8")
    assert feed.malformed is None
    assert feed.title == unicodedata.normalize("NFC", title)
    assert [(e.title, e.link, e.published) for e in feed.entries] == [
        (unicodedata.normalize("NFC", t), link, when.astimezone(UTC)) for t, link, when in items]


@given(st.sampled_from([rss, atom]), clean_text(), feed_items(), _BAD_DATES, st.data())
def test_a_mutated_feed_gives_a_well_typed_feed(build: object, title: str, items: list[tuple[str, str, datetime]],
                                                bad_date: str, data: st.DataObject) -> None:
    assert callable(build)
    extra = f"<published>{bad_date}</published><pubDate>{bad_date}</pubDate><author>{xml_text(title)}</author>"
    body = data.draw(mutated(build(title, items, extra)))
    assert_well_typed(parse_feed(body, content_type=data.draw(_CONTENT_TYPES), base_url="https://samachar.example/"))
