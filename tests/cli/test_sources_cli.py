"""`satark sources check` on a large file: a summary instead of a row per source, the failures only, the fetch policy
applied before any fetch, and `--limit` (a real HTTP server on loopback)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
import yaml

from tests.conftest import run_satark
from tests.loopback import serving


class Feeds(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Feeds.hits[self.path] += 1
        body = '<?xml version="1.0"?><rss version="2.0"><channel><title>समाचार</title></channel></rss>'.encode()
        self.send_response(404 if self.path.startswith("/gone") else 200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[str]:
    Feeds.hits.clear()
    with serving(Feeds) as url:
        yield url


def _write(home: Path, server: str, count: int) -> Path:
    sources = [{"name": f"jila-{n}", "language": "hi" if n % 3 else "en", "tags": ["ज़िला", f"zone-{n % 4}"],
                "feeds": [f"{server}/feeds/{n}.xml"], "sitemaps": [f"{server}/sitemaps/{n}.xml"],
                "fetch": {"private_addresses": True}} for n in range(count)]
    sources[7]["feeds"] = [f"{server}/gone/7.xml"]
    sources.append({"name": "guarded", "feeds": [f"{server}/guarded.xml"]})  # loopback without the source's consent
    path = home / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
    return path


def test_many_sources_are_summarised_and_only_failures_listed(home: Path, server: str) -> None:
    path = _write(home, server, 300)
    result = run_satark(home, "sources", "check", "--sources", str(path))
    assert result.returncode == 1
    assert "301 sources" in result.stdout and "ज़िला 300" in result.stdout and "hi 200, en 100, - 1" in result.stdout
    assert "jila-12" not in result.stdout  # no row per source, no line per good URL
    listed = [line for line in result.stdout.splitlines() if "://" in line]
    assert len(listed) == 2
    assert any(line.startswith("jila-7 ") and "/gone/7.xml" in line and "HTTP 404" in line for line in listed)
    assert any(line.startswith("guarded ") and "refused by the fetch policy" in line for line in listed)
    assert "2 of 601 entry URLs unreachable or refused" in result.stderr
    assert "/guarded.xml" not in Feeds.hits  # refused before any fetch
    assert sum(Feeds.hits.values()) == 600 and max(Feeds.hits.values()) == 1


def test_limit_checks_the_first_sources_only(home: Path, server: str) -> None:
    path = _write(home, server, 20)
    result = run_satark(home, "sources", "check", "--sources", str(path), "--limit", "5", "--concurrency", "2")
    assert result.returncode == 0, result.stderr
    assert "all 10 entry URLs of the first 5 sources answered" in result.stderr
    assert "jila-4" in result.stdout and "/feeds/4.xml: ok (HTTP 200" in result.stdout  # few rows: each is shown
    assert sorted(Feeds.hits) == sorted([f"/feeds/{n}.xml" for n in range(5)] + [f"/sitemaps/{n}.xml" for n in range(5)])
