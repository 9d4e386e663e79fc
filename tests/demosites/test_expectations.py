"""The expectations list is true (each URL behaves as stated) and complete (a crawl meets nothing else)."""

from __future__ import annotations

import re
import socket
import urllib.error
import urllib.robotparser
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit, urlunsplit

import feedparser
import lxml.html
import pytest

from demosites.expectations import Expectation, Outcome
from demosites.server import DemoServer
from demosites.trouble import TroubleKind

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def strip_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def check(expectation: Expectation, demo: DemoServer, get) -> None:
    kind = expectation.kind
    if kind is Outcome.TIMEOUT:
        with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
            get(expectation.url, timeout=demo.slow_seconds / 4)
        return
    if kind is Outcome.ROBOTS:
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(get(demo.url(expectation.outlet, "/robots.txt")).text().splitlines())
        assert not robots.can_fetch("SatarkBot", expectation.url)
        return
    response = get(expectation.url, method="HEAD" if kind is Outcome.TOO_LARGE else "GET")
    if kind is Outcome.HTTP_404:
        assert response.status == 404
    elif kind is Outcome.HTTP_500:
        assert response.status == 500
    elif kind is Outcome.NOT_HTML:
        assert response.status == 200 and not response.content_type.startswith("text/html")
    elif kind is Outcome.TOO_LARGE:
        assert int(response.headers["Content-Length"]) > 2_000_000
    elif kind is Outcome.NO_ARTICLE:
        assert response.status == 200 and response.content_type.startswith("text/html")
        doc = lxml.html.fromstring(response.body)
        assert not doc.xpath("//article | //*[contains(@class,'story-body') or contains(@class,'entry-content')]")
        main = doc.xpath("//main | //div[@id='primary']") or [doc.body]
        assert len(main[0].text_content().split()) < 100
    elif expectation.is_article:
        assert expectation.article is not None
        assert response.status == 200 and response.content_type.startswith("text/html")
        assert (
            expectation.article.title.encode("cp1252" if expectation.trouble is TroubleKind.CHARSET_META else "utf-8")
            in response.body
        )
        for variant in expectation.linked_as:
            assert strip_query(variant) == expectation.url and get(variant).body == response.body
    else:
        assert response.status == 200, expectation


def test_every_expectation_holds(fixture_demo: DemoServer, get) -> None:
    expectations = fixture_demo.expectations()
    kinds = {e.kind for e in expectations}
    assert kinds >= set(Outcome), set(Outcome) - kinds
    for expectation in expectations:
        check(expectation, fixture_demo, get)


def test_outcome_strings(fixture_demo: DemoServer) -> None:
    expectations = fixture_demo.expectations()
    outcomes = {e.outcome for e in expectations}
    assert {
        "article",
        "skip:no_article",
        "skip:not_html",
        "skip:too_large",
        "error:http_404",
        "error:http_500",
        "error:timeout",
        "robots",
    } <= outcomes
    duplicates = [e for e in expectations if e.kind is Outcome.NEAR_DUPLICATE]
    assert duplicates
    for e in duplicates:
        assert e.article is not None
        assert e.outcome == f"near_duplicate_of:{e.article.syndicated_from}"
    troubled = {e.trouble for e in expectations if e.is_article and e.trouble}
    assert troubled == {TroubleKind.BROKEN_MARKUP, TroubleKind.CHARSET_HEADER, TroubleKind.CHARSET_META}
    urls = [e.url for e in expectations]
    assert len(urls) == len(set(urls))


def _links_of(demo: DemoServer, outlet: str, get) -> set[str]:
    """Same-site URLs a crawl meets via feeds, sitemaps and the section pages' article links."""
    base = demo.base_url(outlet)
    source = next(s for s in demo.sources_config()["sources"] if s["name"] == outlet)
    found: set[str] = set()
    for feed in source["feeds"]:  # type: ignore[attr-defined]
        found |= {e.link for e in feedparser.parse(get(feed).body).entries if "link" in e}
    pending = list(source["sitemaps"])  # type: ignore[call-overload]
    while pending:
        root = ET.fromstring(get(pending.pop()).body)
        locs = [loc.text or "" for loc in root.iter(f"{SM}loc")]
        if root.tag == f"{SM}sitemapindex":
            pending.extend(locs)
        else:
            found.update(locs)
    for section in source["sections"]:  # type: ignore[attr-defined]
        allow = [re.compile(p) for p in section["allow"]]
        for start in section["start_urls"]:
            for href in lxml.html.fromstring(get(start).body).xpath("//a/@href"):
                if href.startswith(base) and any(p.search(urlsplit(href).path) for p in allow):
                    found.add(href)
    return {u for u in found if u.startswith(base)}


@pytest.mark.parametrize("outlet", ["bharat-samachar", "jan-awaaz", "capital-chronicle", "indus-courier"])
def test_expectations_cover_every_url_a_crawl_meets(fixture_demo: DemoServer, get, outlet: str) -> None:
    expected = {e.url for e in fixture_demo.expectations(outlet)}
    variants = {v for e in fixture_demo.expectations(outlet) for v in e.linked_as}
    met = _links_of(fixture_demo, outlet, get)
    assert met, "the crawl surface is empty"
    uncovered = sorted(u for u in met if u not in expected and u not in variants)
    assert not uncovered
    # ...and the crawl surface reaches every article.
    assert {strip_query(u) for u in met} >= {e.url for e in fixture_demo.expectations(outlet) if e.is_article}
