"""The fetch policy in a real crawl (`satark crawl` against real HTTP servers on loopback): a source fetches its own
sites only, never a non-public address it was not allowed, and off-site feed entries only where it allows them.
Refused URLs are settled with a counted reason; the other host never sees a request."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_satark
from tests.loopback import serving

STORY = ("<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
         + "".join(f"<p>ज़िले के {n} मतदान केंद्रों पर मतदान शांतिपूर्ण ढंग से संपन्न हुआ, और {n * 7} मतदाताओं की कतारें "
                   f"सुबह से ही दिखीं। Officials said polling station {n} reported no complaints at all.</p>"
                   for n in range(1, 7))
         + "</article></body></html>")


def _rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>खबर {i}</title><link>{link}</link></item>" for i, link in enumerate(links))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


class Handler(BaseHTTPRequestHandler):
    hits: Counter[str]
    other: str = ""  # base URL of the other host, set by the fixture

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.hits[self.path] += 1
        here = f"http://127.0.0.1:{self.server.server_address[1]}"
        localhost = f"http://localhost:{self.server.server_address[1]}"
        pages: dict[str, tuple[int, bytes, str, dict[str, str]]] = {
            "/feed.xml": (200, _rss([f"{here}/story-1", f"{self.other}/stolen", f"{localhost}/admin/delete?all=1",
                                     f"{here}/moved", f"{here}/refresh"]), "application/rss+xml", {}),
            "/guarded.xml": (200, _rss([f"{here}/story-2"]), "application/rss+xml", {}),
            "/syndicated.xml": (200, _rss([f"{self.other}/partner-story"]), "application/rss+xml", {}),
            "/sitemap.xml": (200, (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                   f"<sitemap><loc>{self.other}/child-sitemap.xml</loc></sitemap></sitemapindex>").encode(),
                             "application/xml", {}),
            "/moved": (302, b"", "text/plain", {"Location": f"{self.other}/elsewhere"}),
            "/refresh": (200, f'<html><head><meta http-equiv="refresh" content="0; url={self.other}/meta-target">'
                              "</head><body></body></html>".encode(), "text/html", {}),
            "/desk/": (200, ('<html><body><a href="/desk/story-3">मतदान की खबर</a> <a href="/desk/page-2">आगे</a> '
                             '<a href="/admin/drop-db?confirm=yes">drop</a> <a href="/desk/logout" rel="nofollow">x</a> '
                             '<a href="/about">about</a></body></html>').encode(), "text/html", {}),
            "/desk/page-2": (200, b'<html><body><a href="/desk/story-4">more</a></body></html>', "text/html", {}),
        }
        status, body, content_type, headers = pages.get(
            self.path, (200, STORY.format(title=f"खबर {self.path}").encode(), "text/html; charset=utf-8", {}))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def _handler(hits: Counter[str], other: str = "") -> type[Handler]:
    return type("SiteHandler", (Handler,), {"hits": hits, "other": other})


@pytest.fixture
def sites() -> Iterator[tuple[str, Counter[str], str, Counter[str]]]:
    """Our site on 127.0.0.1 and another host on 127.0.0.2 (loopback answers for the whole 127/8)."""
    ours, other = Counter[str](), Counter[str]()
    with serving(_handler(other), "127.0.0.2") as other_url, serving(_handler(ours, other_url)) as our_url:
        yield our_url, ours, other_url, other


@pytest.mark.crawl
def test_a_source_fetches_its_own_sites_only(sites: tuple[str, Counter[str], str, Counter[str]], tmp_path: Path) -> None:
    site, ours, other_site, other = sites
    home = tmp_path / "home"
    home.mkdir()
    local = {"private_addresses": True}
    sources = home / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [
        {"name": "local", "language": "hi", "feeds": [f"{site}/feed.xml"], "sitemaps": [f"{site}/sitemap.xml"],
         "sections": [{"start_urls": [f"{site}/desk/"], "allow": [r"/story-\d$"]}], "fetch": local},
        {"name": "guarded", "language": "hi", "feeds": [f"{site}/guarded.xml"]},
        {"name": "syndicated", "language": "hi", "feeds": [f"{site}/syndicated.xml"],
         "fetch": {**local, "offsite_entries": True}},
    ]}, allow_unicode=True), encoding="utf-8")
    result = run_satark(home, "crawl", "--sources", str(sources), "--no-process")
    assert result.returncode == 0, result.stderr
    with closing(sqlite3.connect(home / "satark.sqlite")) as db:
        logged = dict(db.execute("SELECT url, reason FROM crawl_log"))
        pending = [url for (url,) in db.execute("SELECT url FROM frontier WHERE state = 'pending'")]
        stored = dict(db.execute("SELECT url, source FROM articles"))

    # The other host saw only what a source allowed: the syndicated source's partner story (and its robots.txt).
    assert dict(other) == {"/robots.txt": 1, "/partner-story": 1}
    assert stored == {f"{site}/story-1": "local", f"{site}/desk/story-3": "local", f"{site}/desk/story-4": "local",
                      f"{other_site}/partner-story": "syndicated"}
    for refused in (f"{other_site}/stolen", f"{site.replace('127.0.0.1', 'localhost')}/admin/delete?all=1",
                    f"{site}/moved", f"{site}/refresh", f"{other_site}/child-sitemap.xml"):
        assert logged[refused] == "off_site", refused
    assert "/admin/delete?all=1" not in ours  # the localhost entry is the same server under another name
    assert logged[f"{site}/guarded.xml"] == "private_address" and "/guarded.xml" not in ours
    assert not pending  # every refused entry is settled, not left for the next crawl
    # The section crawler read its own folder's pages only: no query-string action, no nofollow, nothing outside.
    assert ours["/desk/page-2"] == 1
    assert not {"/admin/drop-db?confirm=yes", "/desk/logout", "/about"} & set(ours)
    report = result.stdout + result.stderr
    assert "off_site" in report and "private_address" in report
