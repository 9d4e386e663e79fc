"""The demo crawl shared by the crawl, search and desk tests: done once per test session (per xdist worker; the
modules that use it run in one worker group, tests/conftest.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from crawlers.canonical import article_id
from demosites.expectations import Expectation
from demosites.server import DemoServer
from store.models import ArticleRow
from store.store import Store
from tests.conftest import CliResult, run_satark


@dataclass
class Crawled:
    home: Path
    store: Store
    first: CliResult
    second: CliResult
    expectations: tuple[Expectation, ...]
    first_hits: dict[str, Counter[str]]
    second_hits: dict[str, Counter[str]]

    def article(self, expectation: Expectation) -> ArticleRow | None:
        return self.store.articles.get(article_id(expectation.url))


def crawl_demo(demo_server: DemoServer, workdir: Path) -> Crawled:
    """Crawl every demo outlet twice (the second crawl finds nothing new) into ``workdir``/home."""
    home = workdir / "home"
    home.mkdir()
    sources = demo_server.write_sources(home / "sources.yaml")
    demo_server.reset_hits()
    first = run_satark(home, "crawl", "--sources", str(sources))
    assert first.returncode == 0, first.stderr
    first_hits = {o: demo_server.hits(o) for o in demo_server.outlets}
    demo_server.reset_hits()
    second = run_satark(home, "crawl", "--sources", str(sources))
    assert second.returncode == 0, second.stderr
    second_hits = {o: demo_server.hits(o) for o in demo_server.outlets}
    store = Store(f"sqlite:///{home / 'satark.sqlite'}")
    return Crawled(home, store, first, second, demo_server.expectations(), first_hits, second_hits)


