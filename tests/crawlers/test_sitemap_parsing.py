"""Sitemaps, sitemap indexes and Google News metadata; hostile or broken XML is rejected safely."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawlers.sitemaps import MalformedSitemap, parse_sitemap

IST = timezone(timedelta(hours=5, minutes=30))

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://samachar.example/desh/chunav-1</loc><lastmod>2024-04-16</lastmod>
  <news:news><news:publication><news:name>समाचार</news:name><news:language>hi</news:language></news:publication>
  <news:publication_date>2024-04-16T10:30:00+05:30</news:publication_date>
  <news:title>चुनाव आयोग ने तारीख़ें घोषित कीं</news:title></news:news></url>
<url><loc>
    https://samachar.example/desh/chunav-2
  </loc><news:news><news:title>Polling ends peacefully</news:title></news:news></url>
<url><lastmod>2024-01-01</lastmod></url>
</urlset>
""".encode()

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://samachar.example/sitemap-news.xml</loc><lastmod>2024-04-16T10:00:00Z</lastmod></sitemap>
<sitemap><loc>https://samachar.example/sitemap-2024-04.xml</loc></sitemap>
</sitemapindex>"""


def test_news_urlset() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert sitemap.is_index is False
    first, second = sitemap.urls  # the <url> without <loc> is skipped
    assert first.loc == "https://samachar.example/desh/chunav-1"
    assert first.lastmod == datetime(2024, 4, 16, tzinfo=UTC)
    assert first.news_title == "चुनाव आयोग ने तारीख़ें घोषित कीं"
    assert first.news_published == datetime(2024, 4, 16, 10, 30, tzinfo=IST)
    assert second.loc == "https://samachar.example/desh/chunav-2"  # whitespace around <loc> trimmed
    assert second.news_title == "Polling ends peacefully"
    assert second.news_published is None and second.lastmod is None


def test_sitemap_index() -> None:
    sitemap = parse_sitemap(INDEX)
    assert sitemap.is_index is True
    assert [u.loc for u in sitemap.urls] == [
        "https://samachar.example/sitemap-news.xml",
        "https://samachar.example/sitemap-2024-04.xml",
    ]
    assert sitemap.urls[0].lastmod == datetime(2024, 4, 16, 10, 0, tzinfo=UTC)


def test_sitemap_with_bom_parses() -> None:
    assert len(parse_sitemap(b"\xef\xbb\xbf" + NEWS_SITEMAP).urls) == 2


@pytest.mark.parametrize(
    "body",
    [
        b"<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><url><loc>https://e.example/a</loc></url>",
        b"",
        b"not xml at all",
        b"<html><body>Sitemap moved</body></html>",
    ],
    ids=["truncated", "empty", "text", "html-root"],
)
def test_malformed_sitemaps_raise(body: bytes) -> None:
    with pytest.raises(MalformedSitemap):
        parse_sitemap(body)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [
<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://samachar.example/&lol9;</loc></url><url><loc>https://samachar.example/ok</loc></url>
</urlset>"""


def test_entity_bomb_is_not_expanded() -> None:
    try:
        sitemap = parse_sitemap(BILLION_LAUGHS)
    except MalformedSitemap:
        return  # refusing the document is a safe outcome
    assert all("lollol" not in u.loc and len(u.loc) < 200 for u in sitemap.urls)


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN", encoding="utf-8")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://samachar.example/&xxe;</loc></url></urlset>"
    ).encode()
    try:
        sitemap = parse_sitemap(body)
    except MalformedSitemap:
        return
    assert all("TOP-SECRET" not in u.loc for u in sitemap.urls)
