"""Sitemap parsing under generated input: `parse_sitemap` raises only MalformedSitemap. Valid sitemaps keep their
locations and Hindi news titles; arbitrary and mutated bytes give well-typed URLs or MalformedSitemap."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

from hypothesis import example, given
from hypothesis import strategies as st

from crawlers.sitemaps import MalformedSitemap, ParsedSitemap, parse_sitemap
from tests.fuzz.strategies import HINDI_WORDS, clean_text, mutated, xml_text

_LOCS = st.lists(st.sampled_from(HINDI_WORDS), min_size=1, max_size=3).map(
    lambda parts: "https://samachar.example/" + quote("/".join(parts)))
_WHEN = st.datetimes(datetime(1971, 1, 1), datetime(2099, 12, 31),
                     timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30))]))
_BAD_DATES = st.sampled_from(["0000-00-00", "2024-02-30", "99999-01-01", "2024-04-16T25:00:00", "कल", "",
                              "2024-04-16T10:30:00+99:00", "--"])


def sitemap(entries: list[tuple[str, str, datetime]], *, index: bool = False, lastmod: str | None = None) -> bytes:
    tag, child = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    body = "".join(
        f"<{child}><loc>{xml_text(loc)}</loc><lastmod>{lastmod or when.isoformat()}</lastmod>"
        f"<news:news><news:publication_date>{lastmod or when.isoformat()}</news:publication_date>"
        f"<news:title>{xml_text(title)}</news:title></news:news></{child}>"
        for loc, title, when in entries
    )
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{body}</{tag}>').encode()


_ENTRIES = st.lists(st.tuples(_LOCS, clean_text(), _WHEN), min_size=1, max_size=5)


def parse_or_none(body: bytes) -> ParsedSitemap | None:
    try:
        parsed = parse_sitemap(body)
    except MalformedSitemap:
        return None
    for url in parsed.urls:
        assert isinstance(url.loc, str) and url.loc and url.loc == url.loc.strip()
        assert url.news_title is None or unicodedata.is_normalized("NFC", url.news_title)
        for when in (url.lastmod, url.news_published):
            assert when is None or when.tzinfo is not None
    return parsed


@given(st.binary(max_size=2000))
@example(b"")
@example(b"<!DOCTYPE x [<!ENTITY a SYSTEM 'file:///etc/passwd'>]><urlset><url><loc>&a;</loc></url></urlset>")
def test_any_bytes_give_urls_or_malformed_sitemap(body: bytes) -> None:
    parse_or_none(body)


@given(_ENTRIES, st.booleans())
def test_a_valid_sitemap_keeps_locations_titles_and_dates(entries: list[tuple[str, str, datetime]], index: bool) -> None:
    parsed = parse_or_none(sitemap(entries, index=index))
    assert parsed is not None and parsed.is_index is index
    assert [(u.loc, u.news_title, u.lastmod, u.news_published) for u in parsed.urls] == [
        (loc, unicodedata.normalize("NFC", title), when, when) for loc, title, when in entries]


@given(_ENTRIES, st.booleans(), st.one_of(st.none(), _BAD_DATES), st.data())
def test_a_mutated_sitemap_gives_urls_or_malformed_sitemap(entries: list[tuple[str, str, datetime]], index: bool,
                                                          lastmod: str | None, data: st.DataObject) -> None:
    parse_or_none(data.draw(mutated(sitemap(entries, index=index, lastmod=lastmod))))
