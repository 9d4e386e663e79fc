"""A redirect loop in a real crawl (`satark crawl` against a real HTTP server on loopback): settled as
too_many_redirects and counted, not left pending for ever; the next crawl does not ask again."""

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

ARTICLE = ("<html><head><title>मतदान शांतिपूर्ण रहा</title></head><body><article><h1>मतदान शांतिपूर्ण रहा</h1>"
           + "".join(f"<p>ज़िले के {n} मतदान केंद्रों पर मतदान शांतिपूर्ण ढंग से संपन्न हुआ, और {n * 7} मतदाताओं की कतारें "
                     f"सुबह से ही दिखीं। अधिकारियों ने बताया कि केंद्र संख्या {n} पर कोई शिकायत नहीं आई।</p>" for n in range(1, 7))
           + "</article></body></html>")


class Site(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Site.hits[self.path] += 1
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/feed.xml":
            items = "".join(f"<item><title>{p}</title><link>{base}/{p}</link></item>" for p in ("story", "loop-a", "self"))
            body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
            self._answer(200, body, "application/rss+xml")
        elif self.path in ("/loop-a", "/loop-b", "/self"):
            target = {"/loop-a": "/loop-b", "/loop-b": "/loop-a", "/self": "/self"}[self.path]
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
        else:
            self._answer(200, ARTICLE.encode(), "text/html; charset=utf-8")

    def _answer(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def site() -> Iterator[str]:
    Site.hits.clear()
    with serving(Site) as url:
        yield url


@pytest.mark.crawl
def test_a_redirect_loop_is_settled_and_counted(site: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    sources = home / "sources.yaml"
    sources.write_text(yaml.safe_dump({"sources": [{"name": "loops", "language": "hi", "feeds": [f"{site}/feed.xml"],
                                                "fetch": {"private_addresses": True}}]}),
                       encoding="utf-8")
    first = run_satark(home, "crawl", "--sources", str(sources), "--no-process")
    assert first.returncode == 0, first.stderr
    with closing(sqlite3.connect(home / "satark.sqlite")) as db:
        logged = dict(db.execute("SELECT url, reason FROM crawl_log WHERE url NOT LIKE '%feed.xml'"))
        states = dict(db.execute("SELECT url, state FROM frontier"))
        stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored == 1  # the story beside the loops
    assert logged == {f"{site}/loop-a": "too_many_redirects", f"{site}/self": "too_many_redirects"}
    assert states[f"{site}/loop-a"] != "pending" and states[f"{site}/self"] != "pending"
    assert "too_many_redirects" in first.stdout + first.stderr  # the crawl report shows it
    asked = Site.hits["/self"]
    assert run_satark(home, "crawl", "--sources", str(sources), "--no-process").returncode == 0
    assert Site.hits["/self"] == asked  # settled: not asked again
