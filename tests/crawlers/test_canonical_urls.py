"""Canonical URLs are the identity of an article: every way of linking to it must map to one string."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from crawlers.canonical import NotHttpUrl, article_id, canonicalize, resolve_canonical, same_site

HINDI_PATH = "/समाचार/चुनाव-2024"


def test_tracking_parameters_removed_and_query_sorted() -> None:
    url = "https://example.com/news/story?b=2&utm_source=tw&a=1&fbclid=x&gclid=y&ref=home&utm_medium=social"
    assert canonicalize(url) == "https://example.com/news/story?a=1&b=2"


def test_tracking_parameter_names_match_case_insensitively() -> None:
    assert canonicalize("https://example.com/x?UTM_Campaign=z&id=7") == "https://example.com/x?id=7"


def test_only_tracking_parameters_leaves_no_query() -> None:
    assert canonicalize("https://example.com/x?utm_source=a&gclid=b") == "https://example.com/x"


def test_fragment_dropped_default_port_dropped_host_lowercased() -> None:
    assert canonicalize("HTTPS://WWW.Example.COM:443/News/Story#comments") == "https://www.example.com/News/Story"
    assert canonicalize("http://example.com:80") == "http://example.com/"


def test_non_default_port_kept() -> None:
    assert canonicalize("http://example.com:8080/x") == "http://example.com:8080/x"
    assert canonicalize("https://example.com:80/x") == "https://example.com:80/x"


def test_devanagari_path_raw_and_escaped_are_equal() -> None:
    raw = "https://example.in" + HINDI_PATH
    upper = "https://example.in" + quote(HINDI_PATH)
    lower = "https://example.in" + quote(HINDI_PATH).lower()
    assert canonicalize(raw) == canonicalize(upper) == canonicalize(lower)
    assert canonicalize(raw).isascii()


def test_devanagari_query_raw_and_escaped_are_equal() -> None:
    assert canonicalize("https://example.in/search?q=चुनाव") == canonicalize(
        "https://example.in/search?q=" + quote("चुनाव")
    )


def test_canonicalize_is_idempotent() -> None:
    for url in (
        "https://Example.in" + HINDI_PATH + "?utm_source=x&z=1&a=%20b#top",
        "http://example.com:8080/a/b/?x=1&x=0",
        "https://उदाहरण.भारत/खबर",
    ):
        once = canonicalize(url)
        assert canonicalize(once) == once


def test_internationalised_host_becomes_punycode() -> None:
    assert canonicalize("https://उदाहरण.भारत/a").startswith("https://xn--")


@pytest.mark.parametrize(
    "url", ["ftp://example.com/x", "mailto:desk@example.com", "javascript:void(0)", "/relative/path", "https:///x"]
)
def test_non_http_urls_rejected(url: str) -> None:
    with pytest.raises(NotHttpUrl):
        canonicalize(url)


@pytest.mark.parametrize("url", ["https://example.com:abc/x", "https://example.com:99999/x", "http://[::1/x"])
def test_malformed_authority_is_rejected_as_not_http(url: str) -> None:
    # Callers catch NotHttpUrl to count a bad link and carry on; a bare ValueError would abort the whole feed.
    with pytest.raises(NotHttpUrl):
        canonicalize(url)


def test_same_site_ignores_www_but_not_port_or_host() -> None:
    assert same_site("https://www.example.com/a", "https://example.com/b")
    assert not same_site("https://example.com/a", "https://example.com:8080/a")
    assert not same_site("https://example.com/a", "https://example.org/a")


def test_resolve_canonical_honours_same_site_canonical() -> None:
    fetched = "https://www.example.com/amp/story-123?utm_source=tw"
    assert resolve_canonical(fetched, "https://www.example.com/india/story-123") == (
        "https://www.example.com/india/story-123"
    )
    # Relative canonical links are resolved against the fetched URL.
    assert resolve_canonical(fetched, "/india/story-123#x") == "https://www.example.com/india/story-123"
    # www. and bare host are the same site.
    assert resolve_canonical(fetched, "https://example.com/india/story-123") == "https://example.com/india/story-123"


def test_resolve_canonical_ignores_cross_site_canonical() -> None:
    fetched = "https://www.example.com/india/story-123?utm_source=tw"
    assert resolve_canonical(fetched, "https://aggregator.example.org/story") == (
        "https://www.example.com/india/story-123"
    )


@pytest.mark.parametrize("declared", [None, "", "mailto:desk@example.com", "javascript:void(0)"])
def test_resolve_canonical_falls_back_to_fetched_url(declared: str | None) -> None:
    assert resolve_canonical("https://example.com/a?fbclid=1", declared) == "https://example.com/a"


@pytest.mark.parametrize("declared", ["https://example.com:bad/a", "http://[::1/a"])
def test_resolve_canonical_survives_a_malformed_declared_canonical(declared: str) -> None:
    # The canonical link is page content: a garbage value must not crash the article's processing.
    assert resolve_canonical("https://example.com/a", declared) == "https://example.com/a"


def test_article_id_is_stable_and_follows_canonical_identity() -> None:
    raw = canonicalize("https://example.in" + HINDI_PATH + "?utm_source=x")
    escaped = canonicalize("https://EXAMPLE.in" + quote(HINDI_PATH) + "#top")
    assert article_id(raw) == article_id(escaped)
    assert article_id(raw) == article_id(raw)
    assert len(article_id(raw)) == 20
    assert all(c in "0123456789abcdef" for c in article_id(raw))
    assert article_id(canonicalize("https://example.in/other")) != article_id(raw)
