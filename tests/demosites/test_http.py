"""HTTP behaviour of the live demo servers: validators, 304s, hits, mutation, trouble URLs."""

from __future__ import annotations

import socket
import urllib.error
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest

from demosites.server import DemoServer
from demosites.trouble import TroubleKind

OUTLET = "bharat-samachar"


def first_article_path(demo: DemoServer, outlet: str = OUTLET) -> str:
    return next(a.path for a in demo.corpus.articles_of(outlet) if not a.is_copy)


def test_every_outlet_listens_on_its_own_loopback_port(fixture_demo: DemoServer, get) -> None:
    ports = {fixture_demo.port(name) for name in fixture_demo.outlets}
    assert len(ports) == 4
    for name in fixture_demo.outlets:
        assert fixture_demo.base_url(name).startswith("http://127.0.0.1:")
        home = get(fixture_demo.base_url(name) + "/")
        assert home.status == 200
        assert fixture_demo.corpus.outlet(name).title in home.text()


def test_validators_and_conditional_get(fixture_demo: DemoServer, get) -> None:
    url = fixture_demo.url(OUTLET, first_article_path(fixture_demo))
    first = get(url)
    assert first.status == 200
    assert first.content_type == "text/html; charset=utf-8"
    assert int(first.headers["Content-Length"]) == len(first.body)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and etag.endswith('"')

    by_etag = get(url, {"If-None-Match": etag})
    assert by_etag.status == 304 and by_etag.body == b""
    assert by_etag.headers["ETag"] == etag
    assert get(url, {"If-None-Match": f'W/{etag}, "other"'}).status == 304
    assert get(url, {"If-None-Match": '"something-else"'}).status == 200

    assert get(url, {"If-Modified-Since": last_modified}).status == 304
    earlier = parsedate_to_datetime(last_modified) - timedelta(seconds=1)
    assert get(url, {"If-Modified-Since": format_datetime(earlier, usegmt=True)}).status == 200
    # If-None-Match wins over If-Modified-Since.
    assert get(url, {"If-None-Match": '"stale"', "If-Modified-Since": last_modified}).status == 200


@pytest.mark.parametrize(
    "path", ["/", "/rss.xml", "/atom.xml", "/sitemap_index.xml", "/robots.txt", "/static/img/og-default.png"]
)
def test_every_resource_supports_304(fixture_demo: DemoServer, get, path: str) -> None:
    url = fixture_demo.url(OUTLET, path)
    first = get(url)
    assert first.status == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    assert get(url, {"If-None-Match": first.headers["ETag"]}).status == 304


def test_last_modified_is_the_article_date(fixture_demo: DemoServer, get) -> None:
    article = fixture_demo.corpus.articles_of(OUTLET)[0]
    response = get(fixture_demo.url(OUTLET, article.path))
    assert parsedate_to_datetime(response.headers["Last-Modified"]) == article.published


def test_head_has_headers_without_body(fixture_demo: DemoServer, get) -> None:
    url = fixture_demo.url(OUTLET, "/rss.xml")
    head = get(url, method="HEAD")
    full = get(url)
    assert head.status == 200 and head.body == b""
    assert head.headers["Content-Length"] == str(len(full.body))
    assert head.headers["ETag"] == full.headers["ETag"]


def test_touch_changes_validators_of_page_and_feed(fresh_demo: DemoServer, get) -> None:
    article = fresh_demo.corpus.articles_of(OUTLET)[0]
    url = fresh_demo.url(OUTLET, article.path)
    feed_url = fresh_demo.url(OUTLET, "/atom.xml")
    before, feed_before = get(url), get(feed_url)
    stamp = fresh_demo.touch(OUTLET, article.slug)
    after = get(url, {"If-None-Match": before.headers["ETag"]})
    assert after.status == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert parsedate_to_datetime(after.headers["Last-Modified"]) == stamp > article.published
    assert stamp.isoformat() in after.text()  # article:modified_time and the visible "updated" line
    assert get(url, {"If-Modified-Since": before.headers["Last-Modified"]}).status == 200
    assert get(feed_url, {"If-None-Match": feed_before.headers["ETag"]}).status == 200
    # An untouched article keeps its ETag.
    other = fresh_demo.corpus.articles_of(OUTLET)[1]
    other_url = fresh_demo.url(OUTLET, other.path)
    assert get(other_url, {"If-None-Match": get(other_url).headers["ETag"]}).status == 304


def test_add_article_is_published_everywhere_but_leaves_other_pages_alone(fresh_demo: DemoServer, get) -> None:
    existing = [fresh_demo.url(OUTLET, a.path) for a in fresh_demo.corpus.articles_of(OUTLET)]
    etags = {url: get(url).headers["ETag"] for url in existing}
    article = fresh_demo.add_article(
        OUTLET,
        slug="naya-sanskaran",
        title="नई ख़बर: मतगणना की तैयारी पूरी",
        paragraphs=["मतगणना केंद्रों पर तैयारी पूरी हो गई है।", "अधिकारियों ने सुरक्षा की समीक्षा की।"],
        section="desh",
    )
    assert article.path == "/desh/2026/11/naya-sanskaran.html"
    page = get(fresh_demo.url(OUTLET, article.path))
    assert page.status == 200 and article.title in page.text()
    for listing in ("/", "/desh/", "/rss.xml", "/atom.xml", "/sitemap-news.xml", "/sitemap-pages.xml"):
        assert article.path in get(fresh_demo.url(OUTLET, listing)).text(), listing
    for url, etag in etags.items():
        assert get(url, {"If-None-Match": etag}).status == 304, url
    assert any(e.article == article for e in fresh_demo.expectations(OUTLET))
    with pytest.raises(ValueError, match="already serves"):
        fresh_demo.add_article(OUTLET, slug="naya-sanskaran", title="x", paragraphs=["y"], section="desh")


def test_hits_are_counted_per_path_and_status(fresh_demo: DemoServer, get) -> None:
    path = first_article_path(fresh_demo)
    url = fresh_demo.url(OUTLET, path)
    etag = get(url).headers["ETag"]
    get(url + "?utm_source=rss&utm_medium=feed", {"If-None-Match": etag})
    get(fresh_demo.url(OUTLET, "/no/such/page"))
    assert fresh_demo.hits(OUTLET)[path] == 2
    assert fresh_demo.hits(OUTLET, status=200)[path] == 1
    assert fresh_demo.hits(OUTLET, status=304)[path] == 1
    assert fresh_demo.hits(OUTLET, status=404)["/no/such/page"] == 1
    assert fresh_demo.hits("jan-awaaz")[path] == 0
    fresh_demo.reset_hits()
    assert sum(fresh_demo.hits(OUTLET).values()) == 0


def test_tracking_parameters_serve_the_canonical_page(fixture_demo: DemoServer, get) -> None:
    for outlet in fixture_demo.outlets:
        article = next(a for a in fixture_demo.corpus.articles_of(outlet) if not a.is_copy)
        base = fixture_demo.url(outlet, article.path)
        clean = get(base)
        canonical = f'<link rel="canonical" href="{base}">'
        for query in ("?utm_source=rss&utm_medium=feed", "?ref=home", "?fbclid=IwAR0abc"):
            tracked = get(base + query)
            assert tracked.status == 200
            assert tracked.body == clean.body
            assert canonical.encode() in tracked.body


def test_links_follow_the_host_header(fixture_demo: DemoServer, get) -> None:
    port = fixture_demo.port(OUTLET)
    page = get(fixture_demo.url(OUTLET, "/"), {"Host": f"localhost:{port}"}).text()
    assert f"http://localhost:{port}/rss.xml" in page
    assert f"http://127.0.0.1:{port}" not in page


def _trouble_url(demo: DemoServer, outlet: str, kind: TroubleKind) -> str:
    page = demo.site(outlet).trouble_page(kind)
    assert page is not None
    return demo.url(outlet, page.path)


def test_http_errors(fixture_demo: DemoServer, get) -> None:
    assert get(_trouble_url(fixture_demo, OUTLET, TroubleKind.HTTP_404)).status == 404
    missing = get(fixture_demo.url(OUTLET, "/desh/2026/11/kabhi-nahin-chhapi.html"))
    assert missing.status == 404 and "ETag" not in missing.headers
    error = get(_trouble_url(fixture_demo, "jan-awaaz", TroubleKind.HTTP_500))
    assert error.status == 500 and b"Internal Server Error" in error.body


def test_slow_url_outlasts_a_short_client_timeout(fixture_demo: DemoServer, get) -> None:
    url = _trouble_url(fixture_demo, "capital-chronicle", TroubleKind.SLOW)
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        get(url, timeout=0.3)
    assert get(url, timeout=fixture_demo.slow_seconds + 5).status == 200


def test_oversized_page_and_pdf(fixture_demo: DemoServer, get) -> None:
    big = get(_trouble_url(fixture_demo, OUTLET, TroubleKind.OVERSIZED), method="HEAD")
    assert big.status == 200 and int(big.headers["Content-Length"]) >= 3_000_000
    pdf = get(_trouble_url(fixture_demo, "jan-awaaz", TroubleKind.PDF))
    assert pdf.content_type == "application/pdf"
    assert pdf.body.startswith(b"%PDF-1.4") and pdf.body.rstrip().endswith(b"%%EOF")


def test_charset_in_http_header_is_wrong_for_utf8_hindi(fixture_demo: DemoServer, get) -> None:
    site = fixture_demo.site(OUTLET)
    page = site.trouble_page(TroubleKind.CHARSET_HEADER)
    assert page is not None and page.article is not None
    response = get(fixture_demo.url(OUTLET, page.path))
    assert response.content_type == "text/html; charset=iso-8859-1"
    assert page.article.title in response.body.decode("utf-8")  # the bytes really are UTF-8
    assert page.article.title not in response.body.decode("iso-8859-1")  # as declared: mojibake


def test_charset_in_meta_is_wrong_for_windows_1252_bytes(fixture_demo: DemoServer, get) -> None:
    page = fixture_demo.site("capital-chronicle").trouble_page(TroubleKind.CHARSET_META)
    assert page is not None and page.article is not None
    response = get(fixture_demo.url("capital-chronicle", page.path))
    assert "charset" not in response.content_type
    assert b'<meta charset="utf-8">' in response.body
    with pytest.raises(UnicodeDecodeError):
        response.body.decode("utf-8")
    text = response.body.decode("cp1252")
    assert page.article.title in text
    for paragraph in page.article.paragraphs:
        # Characters outside windows-1252 (₹) are sent as numeric character references.
        assert paragraph.replace("₹", "&#8377;") in text


def test_server_stops_cleanly_even_with_a_slow_request_pending(get) -> None:
    demo = DemoServer(Path(__file__).parent / "fixtures" / "content", slow_seconds=30)
    demo.start()
    url = _trouble_url(demo, "capital-chronicle", TroubleKind.SLOW)
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        get(url, timeout=0.2)
    started = datetime.now(UTC)
    demo.stop()
    assert (datetime.now(UTC) - started).total_seconds() < 5
    with pytest.raises(RuntimeError):
        demo.base_url("capital-chronicle")


def test_missing_or_hostile_host_header_falls_back_to_the_bound_address(fixture_demo: DemoServer) -> None:
    port = fixture_demo.port(OUTLET)
    for request in (b"GET / HTTP/1.0\r\n\r\n", b'GET / HTTP/1.0\r\nHost: "><script>x</script>\r\n\r\n'):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
            conn.sendall(request)
            chunks = []
            while chunk := conn.recv(65536):
                chunks.append(chunk)
        response = b"".join(chunks)
        assert response.startswith(b"HTTP/1.1 200")
        assert f"http://127.0.0.1:{port}/rss.xml".encode() in response
        assert b"<script>x" not in response


def test_expectation_for_tracked_urls(fixture_demo: DemoServer) -> None:
    for expectation in fixture_demo.expectations(OUTLET):
        assert fixture_demo.expectation_for(expectation.url) == expectation
        for variant in expectation.linked_as:
            assert fixture_demo.expectation_for(variant) == expectation
    assert fixture_demo.expectation_for(fixture_demo.url(OUTLET, "/nowhere/")) is None
