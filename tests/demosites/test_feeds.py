"""Feeds, sitemaps and robots.txt of the real corpus parse and list what a crawl needs."""

from __future__ import annotations

import urllib.robotparser
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest

from demosites.server import DemoServer
from demosites.trouble import TroubleKind

OUTLETS = ("bharat-samachar", "jan-awaaz", "capital-chronicle", "indus-courier")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def canonical_path(url: str) -> str:
    return urlsplit(url).path


@pytest.mark.parametrize("outlet", OUTLETS)
@pytest.mark.parametrize("feed", ["/rss.xml", "/atom.xml"])
def test_feeds_parse_and_list_every_article(real_demo: DemoServer, get, outlet: str, feed: str) -> None:
    response = get(real_demo.url(outlet, feed))
    parsed = feedparser.parse(response.body, response_headers={"content-type": response.content_type})
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if feed == "/rss.xml" else "atom10")
    assert parsed.feed.title == real_demo.corpus.outlet(outlet).title
    listed = {canonical_path(e.link) for e in parsed.entries}
    assert {a.path for a in real_demo.corpus.articles_of(outlet)} <= listed
    titles = {e.title for e in parsed.entries}
    assert {a.title for a in real_demo.corpus.articles_of(outlet)} <= titles
    for entry in parsed.entries:
        assert entry.link.startswith(real_demo.base_url(outlet) + "/")
        assert entry.published_parsed is not None
        assert entry.id.startswith(f"tag:{outlet}.demo,2026:")


def test_some_feed_links_carry_tracking_parameters(real_demo: DemoServer, get) -> None:
    tracked = 0
    for outlet in OUTLETS:
        parsed = feedparser.parse(get(real_demo.url(outlet, "/rss.xml")).body)
        for entry in parsed.entries:
            query = parse_qs(urlsplit(entry.link).query)
            if query:
                assert query == {"utm_source": ["rss"], "utm_medium": ["feed"]}
                tracked += 1
    assert 0 < tracked < sum(len(real_demo.corpus.articles_of(o)) for o in OUTLETS)


def test_broken_feed_is_bozo_but_recoverable(real_demo: DemoServer, get) -> None:
    page = real_demo.site("jan-awaaz").trouble_page(TroubleKind.BROKEN_FEED)
    assert page is not None
    url = real_demo.url("jan-awaaz", page.path)
    sources = {str(s["name"]): s for s in real_demo.sources_config()["sources"]}
    assert url in sources["jan-awaaz"]["feeds"]  # type: ignore[operator]
    body = get(url).body
    with pytest.raises(ET.ParseError):
        ET.fromstring(body)
    parsed = feedparser.parse(body)
    assert parsed.bozo
    articles = {a.path: a for a in real_demo.corpus.articles_of("jan-awaaz")}
    recovered = [e for e in parsed.entries if canonical_path(e.get("link", "")) in articles]
    assert 1 <= len(recovered) <= 2
    for entry in recovered:
        assert entry.title == articles[canonical_path(entry.link)].title


@pytest.mark.parametrize("outlet", OUTLETS)
def test_sitemap_index_and_children(real_demo: DemoServer, get, outlet: str) -> None:
    index = ET.fromstring(get(real_demo.url(outlet, "/sitemap_index.xml")).body)
    assert index.tag == f"{SM}sitemapindex"
    children = [loc.text or "" for loc in index.iter(f"{SM}loc")]
    assert real_demo.url(outlet, "/sitemap-news.xml") in children and len(children) == 2
    articles = real_demo.corpus.articles_of(outlet)
    found: set[str] = set()
    for child in children:
        response = get(child)
        assert response.status == 200 and response.content_type.startswith("application/xml")
        urlset = ET.fromstring(response.body)
        assert urlset.tag == f"{SM}urlset"
        for url in urlset.iter(f"{SM}url"):
            loc = url.findtext(f"{SM}loc") or ""
            assert not urlsplit(loc).query, "sitemaps list canonical URLs"
            found.add(canonical_path(loc))
            news = url.find(f"{NEWS}news")
            if news is not None:
                assert news.findtext(f"{NEWS}publication/{NEWS}name") == real_demo.corpus.outlet(outlet).title
                assert news.findtext(f"{NEWS}publication_date")
                assert news.findtext(f"{NEWS}title")
    assert {a.path for a in articles} <= found
    news_urlset = ET.fromstring(get(children[0]).body)
    dated = {
        canonical_path(u.findtext(f"{SM}loc") or ""): u.findtext(f"{NEWS}news/{NEWS}publication_date")
        for u in news_urlset.iter(f"{SM}url")
    }
    for article in articles:
        assert dated[article.path] == article.published.isoformat()


@pytest.mark.parametrize("outlet", OUTLETS)
def test_robots_disallows_a_private_url_that_the_feed_links(real_demo: DemoServer, get, outlet: str) -> None:
    robots = get(real_demo.url(outlet, "/robots.txt"))
    assert robots.content_type.startswith("text/plain")
    lines = robots.text().splitlines()
    assert f"Sitemap: {real_demo.url(outlet, '/sitemap_index.xml')}" in lines
    assert "Disallow: /private/" in lines
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(lines)
    private = real_demo.site(outlet).trouble_page(TroubleKind.ROBOTS_PRIVATE)
    assert private is not None and private.path.startswith("/private/")
    private_url = real_demo.url(outlet, private.path)
    assert not parser.can_fetch("SatarkBot/0.1", private_url)
    assert parser.can_fetch("SatarkBot/0.1", real_demo.corpus.articles_of(outlet)[0].url(real_demo.base_url(outlet)))
    rss_links = {e.link for e in feedparser.parse(get(real_demo.url(outlet, "/rss.xml")).body).entries}
    assert private_url in rss_links
