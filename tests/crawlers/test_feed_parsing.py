"""RSS 2.0 and Atom feeds with Hindi titles; broken feeds are reported and still yield their entries."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest

from crawlers.feeds import parse_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>समाचार — ताज़ा ख़बरें</title><link>https://samachar.example/</link><description>देश की ख़बरें</description>
<item><title>चुनाव आयोग ने तारीख़ें घोषित कीं</title>
<link>https://samachar.example/desh/chunav-1?utm_source=rss</link>
<pubDate>Tue, 16 Apr 2024 10:30:00 +0530</pubDate>
<description>पहले चरण का मतदान उन्नीस अप्रैल को।</description><dc:creator>राजेश कुमार</dc:creator></item>
<item><title>दूसरी ख़बर</title><guid isPermaLink="true">https://samachar.example/desh/chunav-2</guid></item>
<item><title>बिना लिंक वाली प्रविष्टि</title><description>कोई लिंक नहीं</description></item>
</channel></rss>
""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Daily Example — India</title><id>urn:daily:india</id>
<updated>2024-04-16T06:00:00Z</updated>
<entry><title>मतदान शांतिपूर्ण: EC</title><link rel="alternate" href="https://dailyexample.com/india/poll-peaceful"/>
<id>urn:1</id><updated>2024-04-16T05:00:00Z</updated><published>2024-04-16T04:00:00Z</published>
<author><name>Priya Sharma</name></author><summary>Polling was peaceful in all 102 seats.</summary></entry>
<entry><title>Relative link</title><link href="/india/relative-story"/><id>urn:2</id>
<updated>2024-04-16T06:00:00+05:30</updated></entry>
</feed>
""".encode()


def test_rss_entries_with_hindi_titles() -> None:
    feed = parse_feed(RSS, content_type="application/rss+xml; charset=utf-8", base_url="https://samachar.example/rss")
    assert feed.title == "समाचार — ताज़ा ख़बरें"
    assert feed.malformed is None
    first, second = feed.entries  # the entry without a link is skipped
    assert first.link == "https://samachar.example/desh/chunav-1?utm_source=rss"
    assert first.title == "चुनाव आयोग ने तारीख़ें घोषित कीं"
    assert first.published == datetime(2024, 4, 16, 5, 0, tzinfo=UTC)
    assert first.summary == "पहले चरण का मतदान उन्नीस अप्रैल को।"
    assert first.author == "राजेश कुमार"
    assert second.link == "https://samachar.example/desh/chunav-2"  # permalink guid
    assert second.published is None


def test_atom_entries_and_relative_links() -> None:
    feed = parse_feed(ATOM, content_type="application/atom+xml", base_url="https://dailyexample.com/feed.atom")
    assert feed.malformed is None
    assert [e.link for e in feed.entries] == [
        "https://dailyexample.com/india/poll-peaceful",
        "https://dailyexample.com/india/relative-story",
    ]
    first, second = feed.entries
    assert first.title == "मतदान शांतिपूर्ण: EC"
    assert first.published == datetime(2024, 4, 16, 4, 0, tzinfo=UTC)  # published preferred over updated
    assert first.author == "Priya Sharma"
    assert second.published == datetime(2024, 4, 16, 0, 30, tzinfo=UTC)  # falls back to updated, in UTC


def test_titles_are_nfc() -> None:
    body = (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>t</title>"
        "<item><title>\u0958\u093e\u0928\u0942\u0928 \u0928\u093c</title><link>https://e.example/a</link></item>"
        "</channel></rss>"
    ).encode("utf-8")
    title = parse_feed(body, content_type="application/rss+xml").entries[0].title
    assert title is not None and unicodedata.is_normalized("NFC", title)
    assert title == "\u0915\u093c\u093e\u0928\u0942\u0928 \u0929"


def test_broken_feed_is_malformed_but_entries_are_recovered() -> None:
    broken = RSS.replace(
        b"</channel></rss>", b"<item><title>A & B</title><link>https://samachar.example/desh/3</link></item>"
    )
    feed = parse_feed(broken, content_type="application/rss+xml")
    assert feed.malformed
    assert [e.link for e in feed.entries] == [
        "https://samachar.example/desh/chunav-1?utm_source=rss",
        "https://samachar.example/desh/chunav-2",
        "https://samachar.example/desh/3",
    ]


def test_html_error_page_is_not_a_feed() -> None:
    feed = parse_feed(b"<html><body><h1>502 Bad Gateway</h1></body></html>", content_type="text/html")
    assert feed.entries == ()
    assert feed.malformed


def test_iso_8859_1_header_on_utf8_xml_keeps_hindi() -> None:
    feed = parse_feed(ATOM, content_type="application/atom+xml; charset=iso-8859-1")
    assert feed.entries[0].title == "मतदान शांतिपूर्ण: EC"


@pytest.mark.parametrize("content_type", [None, "text/html; charset=utf-8", "text/plain"])
def test_well_formed_feed_with_loose_content_type_is_not_malformed(content_type: str | None) -> None:
    # Many news sites serve feeds as text/html or without a type; feedparser flags that ("bozo"), but the XML is
    # fine, and reporting it as a malformed feed on every crawl would drown real breakage in the crawl log.
    feed = parse_feed(ATOM, content_type=content_type, base_url="https://dailyexample.com/feed.atom")
    assert len(feed.entries) == 2
    assert feed.malformed is None
